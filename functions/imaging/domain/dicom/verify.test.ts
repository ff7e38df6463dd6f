import { describe, expect, it } from 'vitest';
import { type Element, el, encodeDataset, sq } from '../../fixtures/dicom-writer.ts';
import { PhiCollector } from './phi.ts';
import { DEFAULT_OPTIONS } from './profile.ts';
import { EXPLICIT_LE } from './syntax.ts';
import { baseDataset, file, run } from './test/support.ts';
import { verifyOutput } from './verify.ts';

const NAME = 'CANARIO^PLANTADO';
const withName = (extra: Element[]) => baseDataset([el(0x00100010, 'PN', NAME), ...extra]);

describe('the residual-PHI verifier catches planted canaries', () => {
  it('in a private tag kept by a careless allow-list', async () => {
    const r = await run(
      file(withName([el(0x00290010, 'LO', 'VENDOR'), el(0x00291001, 'LO', 'CANARIO PLANTADO')])),
      {
        options: { retainSafePrivate: [{ group: 0x0029, creator: 'VENDOR', element: 0x01 }] },
      },
    );
    expect(r.outcome).toMatchObject({ status: 'rejected', reason: 'residual-phi' });
  });

  it('in a nested sequence, in an attribute the profile does not list', async () => {
    const nested = sq(0x00081115, [[sq(0x00400260, [[el(0x00080104, 'LO', 'plantado, canario')]])]]);
    const r = await run(file(withName([nested])));
    expect(r.outcome).toMatchObject({ status: 'rejected', reason: 'residual-phi' });
  });

  it('in free text: removed by default, scrubbed under Clean Descriptors, caught where the table keeps it', async () => {
    const comments = [
      el(0x00204000, 'LT', 'Paciente Canario Plantado, control'),
      el(0x00081030, 'LO', 'TORAX CANARIO^PLANTADO'),
    ];
    const removed = await run(file(withName(comments)));
    expect(removed.outcome.status).toBe('anonymized');
    expect(removed.out.toString('latin1').toLowerCase()).not.toContain('canario');
    const cleaned = await run(file(withName(comments)), { options: { cleanDescriptors: true } });
    expect(cleaned.outcome.status).toBe('anonymized');
    expect(cleaned.out.toString('latin1')).toContain('Paciente ');
    expect(cleaned.out.toString('latin1').toLowerCase()).not.toContain('canario');
    const unlisted = await run(file(withName([el(0x00081090, 'LO', 'Modelo CANARIO')])));
    expect(unlisted.outcome).toMatchObject({ status: 'rejected', reason: 'residual-phi' });
  });

  it('in an overlay description: the overlay group is removed, and a forged output keeping it fails', async () => {
    const overlay = [el(0x60000022, 'LO', 'CANARIO PLANTADO'), el(0x60004000, 'LT', 'CANARIO PLANTADO')];
    const r = await run(file(withName(overlay)));
    expect(r.outcome.status).toBe('anonymized');
    expect(r.out.toString('latin1')).not.toContain('CANARIO');
    const phi = new PhiCollector();
    phi.addText(0x00100010, 'PN', Buffer.from(NAME));
    const forged = encodeDataset(
      [el(0x00120062, 'CS', 'YES'), el(0x60000022, 'LO', 'overlay')],
      'explicit-le',
    );
    expect(
      verifyOutput({
        meta: Buffer.alloc(0),
        segments: [forged],
        syntax: EXPLICIT_LE,
        phi,
        options: DEFAULT_OPTIONS,
      }),
    ).toMatch(/\(6000,0022\) should have been removed/);
  });

  it('fails an output that still carries an original value, lacks the stamp, or has an explicit canary', () => {
    const phi = new PhiCollector();
    phi.addText(0x00100020, 'LO', Buffer.from('MRN-0042'));
    const check = (ds: Parameters<typeof encodeDataset>[0], canaries: string[] = []) =>
      verifyOutput({
        meta: Buffer.alloc(0),
        segments: [encodeDataset(ds, 'explicit-le')],
        syntax: EXPLICIT_LE,
        phi,
        options: DEFAULT_OPTIONS,
        canaries,
      });
    expect(check([el(0x00100020, 'LO', 'mrn-0042'), el(0x00120062, 'CS', 'YES')])).toBe(
      'the value of (0010,0020) PatientID appears in (0010,0020) PatientID',
    );
    expect(check([el(0x00100020, 'LO', 'psn:x')])).toMatch(/PatientIdentityRemoved/);
    expect(check([el(0x00120062, 'CS', 'YES'), el(0x00080070, 'LO', 'Made by Tweety')], ['tweety'])).toMatch(
      /planted canary/,
    );
    expect(check([el(0x00120062, 'CS', 'YES'), el(0x00080070, 'LO', 'Vendor')])).toBeUndefined();
  });
});
