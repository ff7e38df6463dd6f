import { describe, expect, it } from 'vitest';
import { dicomFile, el, encodeDataset, sq } from '../../fixtures/dicom-writer.ts';
import { deflatedFile, headerFlood, unSequence, unText } from '../../fixtures/real-world-builders.ts';
import {
  DEFAULT_INGEST_POLICY,
  type IngestPolicy,
  PREVIOUS_PROFILE_VERSION,
  PROFILE_VERSION,
} from '../anonymizer.ts';
import { shiftDateValue } from './dates.ts';
import {
  anonymized,
  baseDataset,
  CT,
  type DcmDict,
  dcmdump,
  file,
  keyring,
  read,
  run,
  SOP,
  STUDY,
  value,
} from './test/support.ts';

const NAME = 'PEREZ^JUANITA';
const MRN = 'MRN-0042';
const REF_SOP = '1.2.826.0.1.3680043.10.1499.77.9.1';
const OTHER_STUDY = '1.2.826.0.1.3680043.10.1499.88.1';
const noLeak = (out: Buffer) => {
  expect(out.includes(Buffer.from('PEREZ'))).toBe(false);
  expect(out.includes(Buffer.from(MRN))).toBe(false);
};
const policy = (p: Partial<IngestPolicy>) => ({ policy: { ...DEFAULT_INGEST_POLICY, ...p } });
const firstItem = (dict: DcmDict, tag: string) => (dict[tag]?.Value?.[0] ?? {}) as DcmDict;
const PDF = Buffer.from(`%PDF-1.4\n1 0 obj << /Title (Report ${NAME} ${MRN}) >>\nendobj\n%%EOF\n`, 'latin1');

describe('real-world input: bulk values', () => {
  it('removes an encapsulated document, inline or bulk, with the name and MRN it holds', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(9 * 1024 * 1024, 0x20)]);
    for (const pdf of [PDF, big]) {
      const doc = [el(0x00420012, 'LO', 'application/pdf'), el(0x00420011, 'OB', pdf)];
      const r = await run(file(baseDataset(doc)));
      anonymized(r);
      noLeak(r.out);
      expect(read(r.out).dict['00420011']).toBeUndefined();
      expect(r.out.length).toBeLessThan(64 * 1024);
    }
  });
});

describe('real-world input: kept bulk values', () => {
  const creator = el(0x00290010, 'LO', 'ACME 1.0');
  const keep = { options: { retainSafePrivate: [{ group: 0x0029, creator: 'ACME 1.0', element: 0x10 }] } };
  const bulkText = (text: string) =>
    el(0x00291010, 'UT', Buffer.concat([Buffer.alloc(9 * 1024 * 1024, 0x2e), Buffer.from(text)]));

  it('streams kept bulk text through a scan: clean text is kept, a planted name is refused', async () => {
    const clean = await run(file(baseDataset([creator, bulkText(' no identity here ')])), keep);
    expect(anonymized(clean).bytesOut).toBeGreaterThan(9 * 1024 * 1024);
    const dirty = await run(file(baseDataset([creator, bulkText(` seen: ${NAME} `)])), keep);
    expect(dirty.outcome).toMatchObject({ status: 'rejected', reason: 'residual-phi' });
    expect(dirty.outcome.status === 'rejected' && dirty.outcome.detail).toContain('(0029,1010)');
  });

  it('refuses a kept bulk binary value it cannot verify as bulk-value-kept', async () => {
    const blob = el(0x00291010, 'OB', Buffer.alloc(9 * 1024 * 1024, 1));
    const r = await run(file(baseDataset([creator, blob])), keep);
    expect(r.outcome).toMatchObject({ status: 'rejected', reason: 'bulk-value-kept' });
    expect(r.outcome.status === 'rejected' && r.outcome.detail).toContain('(0029,1010)');
  });
});

describe('real-world input: explicit VR UN takes the dictionary VR', () => {
  it('shifts a UN StudyDate, empties a UN person name and cleans UN sequences of both lengths', async () => {
    for (const undefinedLength of [false, true]) {
      const source = unSequence(
        0x00082112,
        [[el(0x00081150, 'UI', CT), el(0x00081155, 'UI', REF_SOP), el(0x0008103e, 'LO', `scan of ${NAME}`)]],
        undefinedLength,
      );
      const ds = baseDataset([unText(0x00080020, '20240115'), unText(0x00080090, 'DOCTOR^WHO'), source]);
      const r = await run(file(ds));
      anonymized(r);
      noLeak(r.out);
      expect(r.out.includes(Buffer.from('DOCTOR'))).toBe(false);
      const { dict } = read(r.out);
      const offset = keyring.dateOffsetDays('CENTER-1', MRN);
      expect(value(dict, '00080020')).toBe(shiftDateValue('20240115', 'DA', offset));
      expect(dict['00082112']?.vr).toBe('SQ');
      const item = firstItem(dict, '00082112');
      expect(value(item, '00081155')).toBe(keyring.remapUid(REF_SOP));
      expect(value(item, '00081150')).toBe(CT);
      expect(dcmdump(r.out).status).toBe(0);
    }
  });

  it('remaps ReferencedSOPInstanceUID inside ReferencedRTPlanSequence and keeps well-known class UIDs', async () => {
    const plan = sq(0x300c0002, [
      [el(0x00081150, 'UI', '1.2.840.10008.5.1.4.1.1.481.5'), el(0x00081155, 'UI', REF_SOP)],
    ]);
    const unlisted = el(0x300a0013, 'UI', '1.2.826.0.1.3680043.10.1499.77.9.2');
    const r = await run(file(baseDataset([plan, unlisted])));
    anonymized(r);
    const { dict } = read(r.out);
    const item = firstItem(dict, '300C0002');
    expect(value(item, '00081155')).toBe(keyring.remapUid(REF_SOP));
    expect(value(item, '00081150')).toBe('1.2.840.10008.5.1.4.1.1.481.5');
    expect(r.out.includes(Buffer.from('1499.77.9.2'))).toBe(false);
  });
});

describe('real-world input: burned-in risk is held, never published', () => {
  const SC = '1.2.840.10008.5.1.4.1.1.7';
  it('holds US, Secondary Capture, BurnedInAnnotation YES and a center’s extra modalities', async () => {
    const cases: [Parameters<typeof baseDataset>[0], ReturnType<typeof policy> | object, string][] = [
      [[el(0x00080060, 'CS', 'US')], {}, '(0008,0060) Modality US'],
      [[el(0x00080016, 'UI', SC), el(0x00080060, 'CS', 'OT')], {}, '(0008,0016) SOPClassUID'],
      [[el(0x00280301, 'CS', 'YES')], policy({ trustBurnedInAnnotationNo: true }), '(0028,0301)'],
      [[el(0x00080060, 'CS', 'MG')], policy({ extraBurnedInModalities: ['MG'] }), 'Modality MG'],
      [[el(0x00080060, 'CS', 'US'), el(0x00280301, 'CS', 'NO')], {}, 'BurnedInAnnotation is NO'],
    ];
    for (const [extra, ctx, detail] of cases) {
      const r = await run(file(baseDataset(extra)), ctx);
      expect(r.outcome).toMatchObject({ status: 'held', reason: 'burned-in-risk' });
      expect(r.outcome.status === 'held' && r.outcome.detail).toContain(detail);
    }
  });

  it('publishes an at-risk file declaring BurnedInAnnotation NO when the center trusts it', async () => {
    const us = file(baseDataset([el(0x00080060, 'CS', 'US'), el(0x00280301, 'CS', 'NO')]));
    const r = await run(us, policy({ trustBurnedInAnnotationNo: true }));
    expect(anonymized(r).attributes.modality).toBe('US');
  });
});

describe('real-world input: free text and private blocks', () => {
  it('SR free text naming the patient comes out clean, or is refused with its reason', async () => {
    const text = el(0x0040a160, 'UT', `Patient ${NAME} ${MRN} seen`);
    const content = sq(0x0040a730, [[el(0x0040a040, 'CS', 'TEXT'), text]]);
    const r = await run(file(baseDataset([content])));
    // The verifier may still flag the removed text's words (its needles are the verifier's to tune).
    if (r.outcome.status === 'anonymized') noLeak(r.out);
    else expect(r.outcome).toMatchObject({ status: 'rejected', reason: 'residual-phi' });
  });

  it('removes an unknown private block holding the name', async () => {
    const priv = [
      el(0x00290010, 'LO', 'ACME IMAGING 1.0'),
      el(0x00291001, 'LO', NAME),
      el(0x00291002, 'LT', MRN),
    ];
    const r = await run(file(baseDataset(priv)));
    anonymized(r);
    noLeak(r.out);
    expect(r.out.includes(Buffer.from('ACME'))).toBe(false);
  });
});

describe('real-world input: files without Patient ID get study linkage', () => {
  const withoutId = (study: string, sop: string) =>
    file(
      baseDataset([el(0x0020000d, 'UI', study), el(0x00080018, 'UI', sop)]).filter(
        (e) => e.tag !== 0x00100020,
      ),
    );
  it('one token per study, the same across its files, another for another study', async () => {
    const pinned: string[] = [];
    const keyringForPatient = async (id: string) => {
      pinned.push(id);
      return keyring;
    };
    const ctx = { keyringForPatient };
    const a = anonymized(await run(withoutId(STUDY, SOP), ctx));
    const b = anonymized(await run(withoutId(STUDY, `${SOP}.2`), ctx));
    const c = anonymized(await run(withoutId(OTHER_STUDY, `${SOP}.3`), ctx));
    expect(a.attributes.linkage).toBe('study');
    expect(a.attributes.patientToken).toBe(keyring.pseudonym('study_uid', STUDY, 'CENTER-1'));
    expect(b.attributes.patientToken).toBe(a.attributes.patientToken);
    expect(c.attributes.patientToken).not.toBe(a.attributes.patientToken);
    expect(a.attributes.dateOffsetDays).toBe(keyring.dateOffsetDays('CENTER-1', `study:${STUDY}`));
    expect(pinned).toEqual([`study:${STUDY}`, `study:${STUDY}`, `study:${OTHER_STUDY}`]);
  });

  it('is refused when the center requires patient ids', async () => {
    const r = await run(withoutId(STUDY, SOP), policy({ requirePatientId: true }));
    expect(r.outcome).toMatchObject({ status: 'rejected', reason: 'no-patient-identifier' });
  });

  it('a file with Patient ID is linked to the patient', async () => {
    expect(anonymized(await run(file(baseDataset()))).attributes.linkage).toBe('patient');
  });
});

describe('real-world input: deflated datasets', () => {
  it('inflates while streaming and writes explicit VR little endian that dcmdump reads', async () => {
    const pixels = Buffer.from([1, 2, 3, 4]);
    const r = await run(deflatedFile(baseDataset([], pixels), { sopClassUid: CT, sopInstanceUid: SOP }));
    const outcome = anonymized(r);
    expect(outcome.attributes.transferSyntax).toBe('1.2.840.10008.1.2.1');
    const { dict, meta } = read(r.out);
    expect(value(meta, '00020010')).toBe('1.2.840.10008.1.2.1');
    expect(value(dict, '00100020')).toBe(keyring.pseudonym('patient_id', MRN, 'CENTER-1'));
    expect(r.out.subarray(-4)).toEqual(pixels);
    noLeak(r.out);
    expect(dcmdump(r.out).status).toBe(0);
  });

  it('refuses a deflated dataset that does not inflate as malformed', async () => {
    const ids = { sopClassUid: CT, sopInstanceUid: SOP, transferSyntaxUid: '1.2.840.10008.1.2.1.99' };
    const r = await run(dicomFile(Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 1, 2, 3, 4, 5]), ids));
    expect(r.outcome).toMatchObject({ status: 'rejected', reason: 'malformed-dicom' });
  });
});

describe('real-world input: bounded header cost', () => {
  const flooded = (count: number) => {
    const head = encodeDataset(
      baseDataset().filter((e) => e.tag !== 0x7fe00010),
      'explicit-le',
    );
    const pixels = encodeDataset([el(0x7fe00010, 'OW', Buffer.from([1, 2, 3, 4]))], 'explicit-le');
    return dicomFile(Buffer.concat([head, headerFlood(count), pixels]), {
      sopClassUid: CT,
      sopInstanceUid: SOP,
      transferSyntaxUid: '1.2.840.10008.1.2.1',
    });
  };
  it('refuses more elements than the cap as header-too-large, and passes under it', async () => {
    const limits = { maxBytes: 1 << 30, maxDepth: 16, maxElements: 2000 };
    const r = await run(flooded(5000), { limits });
    expect(r.outcome).toMatchObject({ status: 'rejected', reason: 'header-too-large' });
    expect(r.outcome.status === 'rejected' && r.outcome.detail).toContain('2000 elements');
    anonymized(await run(flooded(1000), { limits }));
  });

  it('refuses more non-pixel bytes than the cap as header-too-large', async () => {
    const limits = { maxBytes: 1 << 30, maxDepth: 16, maxHeaderBytes: 4096 };
    const r = await run(file(baseDataset([el(0x00204000, 'LT', 'x'.repeat(8000))])), { limits });
    expect(r.outcome).toMatchObject({ status: 'rejected', reason: 'header-too-large' });
  });
});

describe('profile version', () => {
  it('stamps v2 in the output and keeps v1 known', async () => {
    expect(PROFILE_VERSION).toBe('ps3.15-e1-1/v2');
    expect(PREVIOUS_PROFILE_VERSION).toBe('ps3.15-e1-1/v1');
    const r = await run(file(baseDataset()));
    expect(anonymized(r).profileVersion).toBe(PROFILE_VERSION);
    expect(value(read(r.out).dict, '00120063')).toContain(PROFILE_VERSION);
  });
});
