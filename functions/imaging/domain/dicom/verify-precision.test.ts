import { describe, expect, it } from 'vitest';
import { el, encodeDataset, sq } from '../../fixtures/dicom-writer.ts';
import { PhiCollector } from './phi.ts';
import { DEFAULT_OPTIONS } from './profile.ts';
import { EXPLICIT_LE } from './syntax.ts';
import { anonymized, baseDataset, file, read, run, STUDY, value } from './test/support.ts';
import { verifyOutput } from './verify.ts';

const STAMP = el(0x00120062, 'CS', 'YES');

/** Runs a file of the base dataset plus `extra` through the engine and expects it published. */
async function publishes(extra: Parameters<typeof baseDataset>[0]) {
  const r = await run(file(baseDataset(extra)));
  anonymized(r);
  return r;
}

describe('the verifier does not refuse clean outputs (false positives seen on real files)', () => {
  it('publishes descriptors that repeat a kept attribute (StudyDescription CHEST, BodyPartExamined CHEST)', async () => {
    const r = await publishes([
      el(0x00081030, 'LO', 'CHEST'),
      el(0x0008103e, 'LO', 'CT CHEST'),
      el(0x00181030, 'LO', 'chest'),
    ]);
    expect(value(read(r.out).dict, '00180015')).toBe('CHEST');
  });

  it('publishes a manufacturer repeated in removed attributes and private creators', async () => {
    const r = await publishes([
      el(0x00080070, 'LO', 'TOSHIBA'),
      el(0x00081010, 'SH', 'TOSHIBA'),
      el(0x00091010, 'LO', 'TOSHIBA_MEC_CT3'),
      el(0x00091011, 'LO', 'Mortara Instrument, Inc.'),
      el(0x00081090, 'LO', 'Mortara Instrument, Inc.'),
    ]);
    expect(value(read(r.out).dict, '00080070')).toBe('TOSHIBA');
  });

  it('publishes numeric values that equal a removed numeric attribute', async () => {
    await publishes([
      el(0x00101030, 'DS', '0.000000'),
      el(0x00101020, 'DS', '1.75'),
      el(0x00180050, 'DS', '0.000000'),
      el(0x00181150, 'IS', '175'),
    ]);
  });

  it('publishes when an identifying value is a short fragment of a kept word', async () => {
    await publishes([
      el(0x00081070, 'PN', 'HE^RE'),
      el(0x00081010, 'SH', 'here'),
      el(0x00080090, 'PN', 'ANN'),
      el(0x00080070, 'LO', 'Manufacturer name here'),
      el(0x00081090, 'LO', 'ANNOTATED VIEWER'),
    ]);
  });
});

describe('the verifier still finds identifying values as whole tokens, and names both attributes', () => {
  it('a patient name in a kept attribute, in any case and with DICOM delimiters', async () => {
    const r = await run(file(baseDataset([el(0x00081090, 'LO', 'Model juanita\\PEREZ')])));
    expect(r.outcome).toEqual({
      status: 'rejected',
      reason: 'residual-phi',
      detail: 'the value of (0010,0010) PatientName appears in (0008,1090) ManufacturerModelName',
    });
  });

  it('an institution, a birth date and an original UID in kept text', async () => {
    const institution = await run(file(baseDataset([el(0x00081090, 'LO', 'clinica santa canaria')])));
    expect(institution.outcome).toMatchObject({
      detail: 'the value of (0008,0080) InstitutionName appears in (0008,1090) ManufacturerModelName',
    });
    const birth = await run(file(baseDataset([el(0x00081090, 'LO', 'built 19700301')])));
    expect(birth.outcome).toMatchObject({
      detail: 'the value of (0010,0030) PatientBirthDate appears in (0008,1090) ManufacturerModelName',
    });
    const uid = await run(file(baseDataset([el(0x00081090, 'LO', `ref ${STUDY}`)])));
    expect(uid.outcome).toMatchObject({
      detail: 'the value of (0020,000D) StudyInstanceUID appears in (0008,1090) ManufacturerModelName',
    });
  });

  it('a UTF-8 name, case-folded beyond ASCII, and a sidecar identifier', async () => {
    const utf8 = baseDataset([
      el(0x00080005, 'CS', 'ISO_IR 192'),
      el(0x00100010, 'PN', Buffer.from('MÜLLER^JÖRG', 'utf8')),
      el(0x00081090, 'LO', Buffer.from('für jörg müller', 'utf8')),
    ]);
    expect((await run(file(utf8))).outcome).toMatchObject({
      detail: 'the value of (0010,0010) PatientName appears in (0008,1090) ManufacturerModelName',
    });
    const sidecar = await run(file(baseDataset([el(0x00081090, 'LO', 'unit CC-998877')])), {
      sidecar: { cedula: 'CC-998877' },
    });
    expect(sidecar.outcome).toMatchObject({
      detail: "the value of the sidecar's cedula appears in (0008,1090) ManufacturerModelName",
    });
  });
});

describe('the verifier walks every kept element', () => {
  const phi = new PhiCollector();
  phi.addText(0x00100010, 'PN', Buffer.from('CANARIO^PLANTADO'));
  phi.addText(0x00080018, 'UI', Buffer.from('1.2.3.4.5.6.7'));
  const verify = (bytes: Buffer) =>
    verifyOutput({
      meta: Buffer.alloc(0),
      segments: [bytes],
      syntax: EXPLICIT_LE,
      phi,
      options: DEFAULT_OPTIONS,
    });

  /** An explicit-UN element whose value is implicit-VR items, as a PACS forwards an unknown sequence. */
  const unSequence = (tag: number, items: Buffer[], undefinedLength: boolean) => {
    const body = Buffer.concat(
      items.map((item) => {
        const h = Buffer.alloc(8);
        h.writeUInt16LE(0xfffe, 0);
        h.writeUInt16LE(0xe000, 2);
        h.writeUInt32LE(item.length, 4);
        return Buffer.concat([h, item]);
      }),
    );
    const end = undefinedLength ? Buffer.from([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]) : Buffer.alloc(0);
    const h = Buffer.alloc(12);
    h.writeUInt16LE(tag >>> 16, 0);
    h.writeUInt16LE(tag & 0xffff, 2);
    h.write('UN', 4, 'latin1');
    h.writeUInt32LE(undefinedLength ? 0xffffffff : body.length, 8);
    return Buffer.concat([h, body, end]);
  };
  const reference = encodeDataset([el(0x00081155, 'UI', '1.2.3.4.5.6.7')], 'implicit-le');

  it('inside UN sequences of defined and undefined length, parsed as implicit VR', () => {
    for (const undefinedLength of [false, true]) {
      const out = Buffer.concat([
        encodeDataset([STAMP], 'explicit-le'),
        unSequence(0x00082112, [reference], undefinedLength),
      ]);
      expect(verify(out)).toBe(
        'the value of (0008,0018) SOPInstanceUID appears in (0008,1155) ReferencedSOPInstanceUID',
      );
    }
  });

  it('inside nested sequences, and a clean nested output passes', () => {
    const nested = (text: string) =>
      encodeDataset(
        [STAMP, sq(0x00081115, [[sq(0x00400260, [[el(0x00080104, 'LO', text)]])]])],
        'explicit-le',
      );
    expect(verify(nested('plantado, canario'))).toBe(
      'the value of (0010,0010) PatientName appears in (0008,0104) CodeMeaning',
    );
    expect(verify(nested('Canarian protocol'))).toBeUndefined();
  });
});
