/**
 * DICOMweb read side end to end: DICOM files dropped by a center are anonymized, indexed and served by
 * QIDO-RS and WADO-RS to `dicomweb-client` (npm), a client no one here wrote, as a viewer would use it —
 * within the grant only: a client without a subscription, and another center, see nothing.
 */
import { parseMultipart } from '@remix-run/multipart-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, suite, token } from '../../emulators/test/suite.ts';
import { db } from '../platform/clients.ts';
import { DICOMWEB_INSTANCES } from './adapters/dicomweb-index.repository.ts';
import { CANARY, phiStrings } from './fixtures/dicom-fixtures.ts';
import {
  clientFor,
  type DicomwebClient,
  grantCenter,
  rendered,
  servedInstances,
  uidOf,
  v,
} from './test/dicomweb-harness.ts';
import { download } from './test/imaging-harness.ts';

let ids: Awaited<ReturnType<typeof servedInstances>>['ids'];
let centers: Awaited<ReturnType<typeof servedInstances>>['centers'];
let jpegImageId: string;
let granted: DicomwebClient;
let grantedToken: string;

beforeAll(async () => {
  ({ ids, centers, jpegImageId } = await servedInstances('DWEB-A', 'DWEB-B'));
  grantedToken = await token(['client'], 'dicomweb-granted');
  await grantCenter(uidOf(grantedToken), 'DWEB-A');
  granted = clientFor(grantedToken);
  await eventually(
    async () =>
      (await granted.searchForStudies({ queryParams: { PatientID: ids.single.patientId } })).length === 2
        ? true
        : undefined,
    30_000,
  );
}, 180_000);

describe('QIDO-RS through dicomweb-client', () => {
  it('finds the granted studies by PatientID (the token) and StudyDate, with counts and modalities', async () => {
    const studies = await granted.searchForStudies({ queryParams: { PatientID: ids.single.patientId } });
    const a = studies.find((s) => v(s, '0020000D') === ids.single.study);
    expect(v(a, '00201208')).toBe(2);
    expect(v(a, '00201206')).toBe(2);
    expect(a?.['00080061']?.Value).toEqual(['CT']);
    expect(v(a, '00100020')).toBe(ids.single.patientId);
    expect(JSON.stringify(studies)).not.toContain(CANARY.patientId);
    const day = ids.single.studyDate;
    const inRange = await granted.searchForStudies({
      queryParams: { StudyDate: `${day}-${day}`, StudyInstanceUID: ids.single.study },
    });
    expect(inRange).toHaveLength(1);
    const outside = await granted.searchForStudies({
      queryParams: { StudyDate: '19000101-19000102', PatientID: ids.single.patientId },
    });
    expect(outside).toEqual([]);
    const paged = await granted.searchForStudies({
      queryParams: { PatientID: ids.single.patientId, limit: 1, offset: 1 },
    });
    expect(paged).toHaveLength(1);
  });

  it('lists a study’s series and a series’ instances', async () => {
    const series = await granted.searchForSeries({ studyInstanceUID: ids.single.study });
    expect(series.map((s) => v(s, '0020000E')).sort()).toEqual([ids.single.series, ids.frames.series].sort());
    const instances = await granted.searchForInstances({
      studyInstanceUID: ids.frames.study,
      seriesInstanceUID: ids.frames.series,
    });
    expect(instances.map((i) => [v(i, '00080018'), v(i, '00280008')])).toEqual([[ids.frames.sop, 4]]);
  });

  it('leaves JPEG images out of DICOMweb', async () => {
    const q = await db().collection(DICOMWEB_INSTANCES).where('imageId', '==', jpegImageId).get();
    expect(q.empty).toBe(true);
  });
});

describe('WADO-RS through dicomweb-client', () => {
  it('retrieves de-identified metadata, pixel data left out', async () => {
    const [meta] = await granted.retrieveInstanceMetadata({
      studyInstanceUID: ids.single.study,
      seriesInstanceUID: ids.single.series,
      sopInstanceUID: ids.single.sop,
    });
    expect(v(meta, '00100020')).toBe(ids.single.patientId);
    expect(meta?.['7FE00010']).toBeUndefined();
    const text = JSON.stringify(meta);
    for (const phi of phiStrings(CANARY)) expect(text).not.toContain(phi);
    const study = await granted.retrieveStudyMetadata({ studyInstanceUID: ids.single.study });
    expect(study).toHaveLength(2);
  });

  it('retrieves an instance and a study as the anonymized bytes', async () => {
    const bytes = await granted.retrieveInstance({
      studyInstanceUID: ids.single.study,
      seriesInstanceUID: ids.single.series,
      sopInstanceUID: ids.single.sop,
    });
    expect(Buffer.from(bytes)).toEqual(await download('anonymized', ids.single.object));
    const study = await granted.retrieveStudy({ studyInstanceUID: ids.single.study });
    expect(study.map((b) => b.byteLength).sort()).toEqual(
      [
        (await download('anonymized', ids.single.object)).length,
        (await download('anonymized', ids.frames.object)).length,
      ].sort(),
    );
  });

  it('sends a compressed instance as stored when asked for transfer-syntax=*, and refuses to transcode it', async () => {
    const path = `${suite().apiUrl}/dicomweb/studies/${ids.jpeg.study}`;
    const auth = { Authorization: `Bearer ${grantedToken}` };
    const refused = await fetch(path, {
      headers: { ...auth, Accept: 'multipart/related; type="application/dicom"' },
    });
    await refused.arrayBuffer();
    expect(refused.status).toBe(406);
    const res = await fetch(path, {
      headers: { ...auth, Accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' },
    });
    expect(res.status).toBe(200);
    const boundary = /boundary=([^;]+)/.exec(res.headers.get('content-type') ?? '')?.[1] as string;
    const parts = [
      ...parseMultipart(new Uint8Array(await res.arrayBuffer()), { boundary, maxFileSize: 1 << 26 }),
    ];
    expect(parts.map((p) => p.headers['content-type'])).toEqual([
      `application/dicom; transfer-syntax=${ids.jpeg.transferSyntaxUid}`,
    ]);
    expect(Buffer.from(parts[0]?.bytes as Uint8Array)).toEqual(await download('anonymized', ids.jpeg.object));
  });

  it('retrieves native frames byte for byte, and JPEG frames as stored or decoded', async () => {
    const file = await download('anonymized', ids.frames.object);
    const frameBytes = 16 * 16 * 2;
    const pixelStart = file.length - 4 * frameBytes;
    const frames = await granted.retrieveInstanceFrames({
      studyInstanceUID: ids.frames.study,
      seriesInstanceUID: ids.frames.series,
      sopInstanceUID: ids.frames.sop,
      frameNumbers: [4, 2],
    });
    expect(frames.map((f) => Buffer.from(f))).toEqual([
      file.subarray(pixelStart + 3 * frameBytes, pixelStart + 4 * frameBytes),
      file.subarray(pixelStart + frameBytes, pixelStart + 2 * frameBytes),
    ]);
    const j = {
      studyInstanceUID: ids.jpeg.study,
      seriesInstanceUID: ids.jpeg.series,
      sopInstanceUID: ids.jpeg.sop,
    };
    const [stored] = await granted.retrieveInstanceFrames({
      ...j,
      frameNumbers: [2],
      mediaTypes: [{ mediaType: 'image/jpeg', transferSyntaxUID: ids.jpeg.transferSyntaxUid }],
    });
    expect(Buffer.from(stored as Uint8Array).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    const [decoded] = await granted.retrieveInstanceFrames({ ...j, frameNumbers: [1] });
    expect((decoded as Uint8Array).byteLength).toBe(32 * 32);
  });

  it('renders thumbnails as PNG or JPEG, fitted to a viewport', async () => {
    const i = {
      studyInstanceUID: ids.single.study,
      seriesInstanceUID: ids.single.series,
      sopInstanceUID: ids.single.sop,
    };
    const png = rendered(
      await granted.retrieveInstanceRendered({
        ...i,
        mediaTypes: [{ mediaType: 'image/png' }],
        queryParams: { viewport: '8,8' },
      }),
    );
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([8, 8]);
    const jpeg = rendered(
      await granted.retrieveInstanceRendered({
        studyInstanceUID: ids.jpeg.study,
        seriesInstanceUID: ids.jpeg.series,
        sopInstanceUID: ids.jpeg.sop,
        mediaTypes: [{ mediaType: 'image/jpeg' }],
      }),
    );
    expect(jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });
});

describe('outside the grant', () => {
  it('a client with no subscription finds nothing and retrieves nothing (404)', async () => {
    const stranger = clientFor(await token(['client'], 'dicomweb-no-subscription'));
    expect(await stranger.searchForStudies({ queryParams: { PatientID: ids.single.patientId } })).toEqual([]);
    expect(await stranger.searchForSeries({ studyInstanceUID: ids.single.study })).toEqual([]);
    const i = {
      studyInstanceUID: ids.single.study,
      seriesInstanceUID: ids.single.series,
      sopInstanceUID: ids.single.sop,
    };
    await expect(stranger.retrieveInstance(i)).rejects.toMatchObject({ status: 404 });
    await expect(stranger.retrieveInstanceMetadata(i)).rejects.toMatchObject({ status: 404 });
    await expect(stranger.retrieveInstanceFrames({ ...i, frameNumbers: [1] })).rejects.toMatchObject({
      status: 404,
    });
  });

  it('another center sees nothing; the uploading center and curators see their images', async () => {
    const path = `/dicomweb/studies?PatientID=${encodeURIComponent(ids.single.patientId)}`;
    const other = await token(['health_center'], centers.other);
    expect((await api('GET', path, { token: other })).status).toBe(204);
    const own = await token(['health_center'], centers.own);
    expect((await api('GET', path, { token: own })).body).toHaveLength(2);
    expect((await api('GET', path, { token: await token(['expert']) })).body).toHaveLength(2);
  });
});

describe('what is not served', () => {
  const raw = async (path: string, accept?: string) =>
    fetch(`${suite().apiUrl}${path}`, {
      headers: { Authorization: `Bearer ${grantedToken}`, ...(accept ? { Accept: accept } : {}) },
    });
  it('answers 406, 400 and 404 per PS3.18, as problem+json, never 500', async () => {
    const inst = `/dicomweb/studies/${ids.single.study}/series/${ids.single.series}/instances/${ids.single.sop}`;
    const cases: [string, string | undefined, number][] = [
      ['/dicomweb/studies', 'application/dicom+xml', 406],
      [inst, 'multipart/related; type="application/dicom"; transfer-syntax=1.2.840.10008.1.2.4.50', 406],
      [`${inst}/rendered`, 'image/gif', 406],
      ['/dicomweb/studies?PatientName=DOE', undefined, 400],
      ['/dicomweb/studies?StudyDate=2024', undefined, 400],
      [`${inst}/frames/0`, undefined, 400],
      [`${inst}/frames/2`, undefined, 400],
      [`${inst}/rendered?annotation=patient`, undefined, 400],
      ['/dicomweb/studies/1.2.3.4.5', undefined, 404],
      ['/dicomweb/studies/not-a-uid/metadata', undefined, 404],
    ];
    for (const [path, accept, status] of cases) {
      const res = await raw(path, accept);
      await res.arrayBuffer();
      expect([path, res.status]).toEqual([path, status]);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});
