import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PYDICOM_DATA } from '../../corpus/corpus-build.ts';
import { dicomFile, el, encodeDataset } from '../../fixtures/dicom-writer.ts';
import { fixtureUid, nativePixels, SOP_CLASS, standardElements } from '../../fixtures/standard-dataset.ts';
import {
  explicitBigEndian,
  explicitLittleEndian,
  implicitLittleEndian,
  noPreamble,
} from '../../fixtures/syntax-builders.ts';
import { inspectPart, refuseRepeats } from './stow-instance.ts';
import { FailureReason } from './stow-response.ts';

const STUDY = fixtureUid(7, 1);
const SOP = fixtureUid(7, 1, 1, 1);
const dicom = (bytes: Buffer, contentType: string | undefined = 'application/dicom') => ({
  contentType,
  bytes,
});
const good = () => explicitLittleEndian({ uids: { study: STUDY, sop: SOP } });

describe('inspecting a STOW-RS part', () => {
  it.each([
    ['explicit VR little endian', explicitLittleEndian, '1.2.840.10008.1.2.1'],
    ['implicit VR little endian', implicitLittleEndian, '1.2.840.10008.1.2'],
    ['explicit VR big endian', explicitBigEndian, '1.2.840.10008.1.2.2'],
  ])('admits a PS3.10 file in %s with its UIDs', (_, build, transferSyntaxUid) => {
    expect(inspectPart(dicom(build({ uids: { study: STUDY, sop: SOP } })))).toEqual({
      ok: true,
      sopClassUid: SOP_CLASS.ct,
      sopInstanceUid: SOP,
      studyInstanceUid: STUDY,
      transferSyntaxUid,
    });
  });

  it('admits the real MR files pydicom ships, and a part with no Content-Type of its own', () => {
    const dir = join(PYDICOM_DATA, 'test_files', 'dicomdirtests', '98892003', 'MR2');
    for (const f of readdirSync(dir))
      expect(inspectPart(dicom(readFileSync(join(dir, f)), undefined))).toMatchObject({
        ok: true,
        sopClassUid: '1.2.840.10008.5.1.4.1.1.4',
      });
  });

  it('admits a file of the study the URL names, refuses one of another study (C409) with its UIDs', () => {
    expect(inspectPart(dicom(good()), STUDY)).toMatchObject({ ok: true });
    expect(inspectPart(dicom(good()), fixtureUid(7, 2))).toEqual({
      ok: false,
      reason: FailureReason.studyInstanceUidMismatch,
      why: expect.any(String),
      sopClassUid: SOP_CLASS.ct,
      sopInstanceUid: SOP,
    });
  });

  it('refuses a part that is not application/dicom, and bytes that are not PS3.10 (C000, no UIDs)', () => {
    for (const part of [
      dicom(good(), 'application/dicom+json'),
      dicom(noPreamble()),
      dicom(Buffer.from('not dicom at all')),
      dicom(Buffer.alloc(0)),
    ])
      expect(inspectPart(part)).toEqual({
        ok: false,
        reason: FailureReason.cannotUnderstand,
        why: expect.any(String),
      });
  });

  it('refuses a PS3.10 file whose meta or data set cannot be parsed (C000)', () => {
    const junk = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.alloc(64, 0xff)]);
    expect(inspectPart(dicom(junk))).toMatchObject({ ok: false, reason: FailureReason.cannotUnderstand });
    const cut = good().subarray(0, 300);
    expect(inspectPart(dicom(cut))).toMatchObject({ ok: false, reason: FailureReason.cannotUnderstand });
  });

  it('refuses a deflated data set, which the anonymizer does not take, naming its UIDs (C122)', () => {
    const dataset = encodeDataset(
      [...standardElements({ uids: { sop: SOP } }), nativePixels({})],
      'explicit-le',
    );
    const deflated = dicomFile(deflateRawSync(dataset), {
      sopClassUid: SOP_CLASS.ct,
      sopInstanceUid: SOP,
      transferSyntaxUid: '1.2.840.10008.1.2.1.99',
    });
    expect(inspectPart(dicom(deflated))).toMatchObject({
      ok: false,
      reason: FailureReason.transferSyntaxNotSupported,
      sopInstanceUid: SOP,
    });
  });

  it('refuses a transfer syntax that is not a DICOM one (C122)', () => {
    const dataset = encodeDataset(standardElements({ uids: { sop: SOP } }), 'explicit-le');
    const odd = dicomFile(dataset, {
      sopClassUid: SOP_CLASS.ct,
      sopInstanceUid: SOP,
      transferSyntaxUid: '1.2.3.4',
    });
    expect(inspectPart(dicom(odd))).toMatchObject({
      ok: false,
      reason: FailureReason.transferSyntaxNotSupported,
    });
  });

  it('refuses an instance without a Study Instance UID (A900), still naming its SOP UIDs', () => {
    const dataset = encodeDataset(
      [el(0x00080016, 'UI', SOP_CLASS.ct), el(0x00080018, 'UI', SOP), el(0x00080060, 'CS', 'CT')],
      'explicit-le',
    );
    const file = dicomFile(dataset, {
      sopClassUid: SOP_CLASS.ct,
      sopInstanceUid: SOP,
      transferSyntaxUid: '1.2.840.10008.1.2.1',
    });
    expect(inspectPart(dicom(file))).toEqual({
      ok: false,
      reason: FailureReason.dataSetDoesNotMatchSopClass,
      why: expect.any(String),
      sopClassUid: SOP_CLASS.ct,
      sopInstanceUid: SOP,
    });
  });

  it('takes the SOP UIDs from the file meta when the data set lacks them', () => {
    const dataset = encodeDataset([el(0x0020000d, 'UI', STUDY)], 'explicit-le');
    const file = dicomFile(dataset, {
      sopClassUid: SOP_CLASS.secondaryCapture,
      sopInstanceUid: SOP,
      transferSyntaxUid: '1.2.840.10008.1.2.1',
    });
    expect(inspectPart(dicom(file))).toMatchObject({
      ok: true,
      sopClassUid: SOP_CLASS.secondaryCapture,
      sopInstanceUid: SOP,
    });
  });
});

describe('a SOP Instance UID sent twice in one request', () => {
  it('keeps the first and refuses every later copy (0111); refusals stay as they were', () => {
    const first = inspectPart(dicom(good()));
    const broken = inspectPart(dicom(Buffer.from('x')));
    const other = inspectPart(
      dicom(explicitLittleEndian({ uids: { study: STUDY, sop: fixtureUid(7, 1, 1, 2) } })),
    );
    expect(refuseRepeats([first, broken, first, other, first])).toEqual([
      first,
      broken,
      {
        ok: false,
        reason: FailureReason.duplicateSopInstance,
        why: expect.any(String),
        sopClassUid: SOP_CLASS.ct,
        sopInstanceUid: SOP,
      },
      other,
      expect.objectContaining({ ok: false, reason: FailureReason.duplicateSopInstance }),
    ]);
  });
});
