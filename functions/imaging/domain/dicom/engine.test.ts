import { describe, expect, it } from 'vitest';
import { el, encapsulatedPixelData, encodeDataset, fileMeta, sq } from '../../fixtures/dicom-writer.ts';
import { DEFAULT_INGEST_POLICY } from '../anonymizer.ts';
import {
  anonymized,
  baseDataset,
  CT,
  dcmdump,
  file,
  keyring,
  read,
  run,
  SERIES,
  SOP,
  STUDY,
  value,
} from './test/support.ts';

const PIXELS = Buffer.from([9, 8, 7, 6, 5, 4, 3, 2]);

describe('the DICOM engine: input varieties', () => {
  for (const syntax of ['explicit-le', 'implicit-le', 'explicit-be'] as const) {
    it(`anonymizes ${syntax}, keeps the transfer syntax and streams the pixel data untouched`, async () => {
      const input = file(baseDataset([], PIXELS), syntax);
      const r = await run(input);
      const outcome = anonymized(r);
      expect(outcome.format).toBe('dicom');
      expect(r.out.subarray(-PIXELS.length)).toEqual(input.subarray(-PIXELS.length));
      const { dict, meta } = read(r.out);
      expect(value(meta, '00020010')).toBe(outcome.attributes.transferSyntax);
      expect(value(dict, '00100020')).toBe(keyring.pseudonym('patient_id', 'MRN-0042', 'CENTER-1'));
      expect(value(dict, '00100010')).toBe(value(dict, '00100020'));
      expect(dcmdump(r.out).status).toBe(0);
    });
  }

  it('reads a file without the 128-byte preamble, and a bare implicit-VR dataset without file meta', async () => {
    for (const layout of [{ preamble: false }, { meta: false }]) {
      const r = await run(file(baseDataset(), 'implicit-le', layout));
      anonymized(r);
      // The output is always a full Part 10 file: preamble, DICM, regenerated meta.
      expect(r.out.subarray(128, 132).toString('latin1')).toBe('DICM');
      expect(dcmdump(r.out).status).toBe(0);
    }
  });

  it('handles undefined-length sequences and items, nested, and pads odd-length values to even', async () => {
    const nested = sq(
      0x00081115,
      [[el(0x0020000e, 'UI', SERIES), sq(0x00081140, [[el(0x00081155, 'UI', SOP)]], true)]],
      true,
    );
    const odd = el(0x00081090, 'LO', 'MODEL7', {}); // 6 chars: even; the next one is odd
    const oddUi = el(0x00200052, 'UI', '1.2.3', { keepOddLength: true });
    const r = await run(file(baseDataset([nested, odd, oddUi])));
    anonymized(r);
    const { dict } = read(r.out);
    const item = (dict['00081115']?.Value?.[0] ?? {}) as Record<string, { Value: unknown[] }>;
    expect(item['0020000E']?.Value[0] ?? item['0020000e']?.Value[0]).toBe(keyring.remapUid(SERIES));
    expect(value(dict, '00200052')).toBe(keyring.remapUid('1.2.3'));
    expect(dcmdump(r.out).status).toBe(0);
  });

  it('passes encapsulated pixel data (offset table + fragments) through byte for byte', async () => {
    const frames = [[Buffer.from('frame-one-a'), Buffer.from('frame-one-b!')], [Buffer.from('frame-two')]];
    const pixel = encapsulatedPixelData(frames);
    const header = encodeDataset(
      baseDataset([el(0x00280008, 'IS', '2')]).filter((e) => e.tag !== 0x7fe00010),
      'explicit-le',
    );
    const input = Buffer.concat([
      Buffer.alloc(128),
      Buffer.from('DICM'),
      fileMeta(CT, SOP, '1.2.840.10008.1.2.4.50'),
      header,
      pixel,
    ]);
    const r = await run(input);
    const outcome = anonymized(r);
    expect(outcome.attributes.numberOfFrames).toBe(2);
    expect(r.out.subarray(-pixel.length)).toEqual(pixel);
    expect(dcmdump(r.out).status).toBe(0);
  });

  it('keeps text in other character sets opaque: a UTF-8 and an ISO 2022 name are replaced, not decoded', async () => {
    const utf8 = file(
      baseDataset([
        el(0x00080005, 'CS', 'ISO_IR 192'),
        el(0x00100010, 'PN', Buffer.from('Pérez^Núñez', 'utf8')),
      ]),
    );
    const jis = Buffer.from('1b24423b33455a1b2842', 'hex'); // 山田 in ISO 2022 IR 87
    const iso2022 = file(
      baseDataset([
        el(0x00080005, 'CS', '\\ISO 2022 IR 87'),
        el(0x00100010, 'PN', Buffer.concat([Buffer.from('Yamada^Taro='), jis])),
      ]),
    );
    for (const input of [utf8, iso2022]) {
      const r = await run(input);
      anonymized(r);
      expect(r.out.includes(Buffer.from('Núñez', 'utf8'))).toBe(false);
      expect(r.out.includes(jis)).toBe(false);
      expect(dcmdump(r.out).status).toBe(0);
    }
  });

  it('is deterministic: the same input and keys give byte-identical output and hash', async () => {
    const input = file(baseDataset());
    const [a, b] = [await run(input), await run(input)];
    expect(a.out.equals(b.out)).toBe(true);
    expect(anonymized(a).sha256).toBe(anonymized(b).sha256);
    expect(anonymized(a).bytesOut).toBe(a.out.length);
  });
});

describe('the DICOM engine: bad input', () => {
  const rejected = async (input: Buffer, reason: string, ctx: Parameters<typeof run>[1] = {}) => {
    const r = await run(input, ctx);
    expect(r.outcome).toMatchObject({ status: 'rejected', reason });
    return r.outcome as { detail: string };
  };

  it('rejects empty and non-image files', async () => {
    await rejected(Buffer.alloc(0), 'empty-file');
    await rejected(Buffer.from('just some text, not an image at all'.repeat(10)), 'not-an-image');
  });

  it('rejects a file cut inside its pixel data as truncated', async () => {
    const whole = file(baseDataset([], Buffer.alloc(4096, 1)));
    await rejected(whole.subarray(0, whole.length - 1000), 'truncated');
  });

  it('rejects length fields that claim more than the item, or the file, holds', async () => {
    const lyingItem = sq(0x00081115, [[el(0x00081155, 'UI', SOP, { lengthOverride: 400 })]]);
    await rejected(file(baseDataset([lyingItem])), 'length-field-lies');
    const lyingTop = file(baseDataset().filter((e) => e.tag < 0x7fe00010));
    const bad = Buffer.concat([
      lyingTop,
      file([el(0x00204000, 'LT', 'x', { lengthOverride: 60000 })], 'explicit-le', { meta: false }),
    ]);
    await rejected(bad, 'length-field-lies');
  });

  it('rejects sequences nested beyond the depth limit', async () => {
    let inner = [el(0x00081155, 'UI', SOP)];
    for (let i = 0; i < 20; i++) inner = [sq(0x00081115, [inner])];
    await rejected(file(baseDataset(inner)), 'nesting-too-deep');
  });

  it('refuses a file without Patient ID only when the center requires one; a sidecar id wins', async () => {
    const noId = file(baseDataset().filter((e) => e.tag !== 0x00100020));
    const required = { policy: { ...DEFAULT_INGEST_POLICY, requirePatientId: true } };
    const refused = await rejected(noId, 'no-patient-identifier', required);
    expect(refused.detail).toContain('(0010,0020) PatientID');
    const r = await run(noId, { sidecar: { patientId: 'SIDE-77' } });
    expect(anonymized(r).attributes.linkage).toBe('patient');
    expect(value(read(r.out).dict, '00100020')).toBe(keyring.pseudonym('patient_id', 'SIDE-77', 'CENTER-1'));
  });

  it('rejects files over the size limit', async () => {
    await rejected(file(baseDataset([], Buffer.alloc(10_000))), 'too-large', {
      limits: { maxBytes: 5000, maxDepth: 16 },
    });
  });
});

describe('the DICOM engine: identifiers and references', () => {
  it('remaps UIDs consistently within a file, across files and in the file meta', async () => {
    const first = await run(file(baseDataset()));
    const second = await run(
      file(
        baseDataset([
          el(0x00080018, 'UI', `${SOP}.2`),
          sq(0x00081140, [[el(0x00081150, 'UI', CT), el(0x00081155, 'UI', SOP)]]),
        ]),
      ),
    );
    const a = read(first.out);
    const b = read(second.out);
    expect(value(a.meta, '00020003')).toBe(value(a.dict, '00080018'));
    expect(value(a.dict, '00080018')).toBe(keyring.remapUid(SOP));
    const ref = (b.dict['00081140']?.Value?.[0] ?? {}) as Record<string, { Value: unknown[] }>;
    expect(ref['00081155']?.Value[0]).toBe(value(a.dict, '00080018'));
    expect(value(b.dict, '0020000D')).toBe(value(a.dict, '0020000D'));
    expect(value(a.dict, '0020000D')).toBe(keyring.remapUid(STUDY));
    expect(value(a.dict, '00080016')).toBe(CT);
  });

  it('shifts a patient’s dates by one offset, so the interval between two studies is kept', async () => {
    const day = (s: string) => Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8)) / 86_400_000;
    const one = read((await run(file(baseDataset([el(0x00080020, 'DA', '20240115')])))).out);
    const two = read(
      (await run(file(baseDataset([el(0x00080020, 'DA', '20240301'), el(0x00080018, 'UI', `${SOP}.9`)]))))
        .out,
    );
    const [d1, d2] = [value(one.dict, '00080020') as string, value(two.dict, '00080020') as string];
    expect(d1).not.toBe('20240115');
    expect(day(d2) - day(d1)).toBe(day('20240301') - day('20240115'));
    expect(day(d1) - day('20240115')).toBe(keyring.dateOffsetDays('CENTER-1', 'MRN-0042'));
    expect(value(one.dict, '00280303')).toBe('MODIFIED');
  });

  it('records the method: PatientIdentityRemoved, DeidentificationMethod and CID 7050 codes for the options', async () => {
    const r = await run(file(baseDataset()), { options: { retainPatientCharacteristics: true } });
    const { dict } = read(r.out);
    expect(value(dict, '00120062')).toBe('YES');
    expect(value(dict, '00120063')).toMatch(/ps3\.15/);
    const codes = (dict['00120064']?.Value ?? []).map(
      (i) => (i as Record<string, { Value: unknown[] }>)['00080100']?.Value[0],
    );
    expect(codes).toEqual(['113100', '113107', '113108']);
    expect(anonymized(r).attributes).toMatchObject({
      patientSex: 'F',
      modality: 'CT',
      bodyPartExamined: 'CHEST',
    });
  });
});
