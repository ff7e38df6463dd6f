/**
 * STOW-RS end to end through the local suite: a center POSTs real MR files (and a corrupt part) to
 * /dicomweb/studies, gets the PS3.18 Store Instances Response, and each stored file is anonymized as an
 * upload (GET /uploads/{id}). Also through `dicomweb-client` (npm), a DICOMweb client no one here wrote.
 */
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { suite, token } from '../../emulators/test/suite.ts';
import { db } from '../platform/clients.ts';
import { IMAGES } from './adapters/catalogue.repository.ts';
import { download } from './test/imaging-harness.ts';
import {
  centerWithToken,
  type MrFile,
  mrFiles,
  multipartRelated,
  settledUpload,
} from './test/stow-harness.ts';

const CODE = 'IMG-STOW';
const MR_STORAGE = '1.2.840.10008.5.1.4.1.1.4';
const UPLOAD_URL = /^\/uploads\/[0-9a-f-]{36}$/;

type DicomJson = Record<string, { vr: string; Value?: Record<string, { vr: string; Value?: unknown[] }>[] }>;
/** A sequence's items as [SOP Class UID, SOP Instance UID, Failure/Warning Reason]. */
const items = (json: DicomJson, tag: string, reasonTag: string) =>
  (json[tag]?.Value ?? []).map((item) => [
    item['00081150']?.Value?.[0],
    item['00081155']?.Value?.[0],
    item[reasonTag]?.Value?.[0],
  ]);

let center: Awaited<ReturnType<typeof centerWithToken>>;
let files: MrFile[];

/** POSTs a body to the gateway as the center, with its own headers. */
async function stow(path: string, body: Buffer, headers: Record<string, string>, bearer = center.token) {
  const res = await fetch(`${suite().apiUrl}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${bearer}`, ...headers },
    body: new Uint8Array(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text };
}

beforeAll(async () => {
  center = await centerWithToken(CODE);
  files = mrFiles();
});

describe('STOW-RS POST /dicomweb/studies', () => {
  it('stores a study of several files beside a corrupt part, and each stored file is anonymized', async () => {
    const corrupt = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.alloc(40, 0xff)]);
    const parts = [...files.slice(0, 4).map((f) => f.bytes), corrupt, ...files.slice(4).map((f) => f.bytes)];
    const { body, contentType } = multipartRelated(parts);
    const res = await stow('/dicomweb/studies', body, {
      'Content-Type': contentType,
      Accept: 'application/dicom+json',
    });

    expect(res.status).toBe(202);
    expect(res.headers.get('content-type')).toBe('application/dicom+json');
    const location = res.headers.get('location') as string;
    expect(location).toMatch(UPLOAD_URL);
    expect(res.headers.get('link')).toBe(`<${location}>; rel="monitor"`);
    const json = JSON.parse(res.text) as DicomJson;
    expect(json['00081190']).toEqual({ vr: 'UR' });
    expect(items(json, '00081199', '00081196')).toEqual(
      files.map((f) => [MR_STORAGE, f.sopInstanceUid, 0xb000]),
    );
    expect(items(json, '00081198', '00081197')).toEqual([[undefined, undefined, 0xc000]]);

    const summary = await settledUpload(location.split('/').pop() as string, center.token, files.length);
    expect(summary).toMatchObject({ received: 7, anonymized: 7, rejected: 0, held: 0 });
    expect(summary.files.map((f) => f.status)).toEqual(Array(7).fill('anonymized'));
    // Why no Retrieve URL can be given: the de-identified copies carry none of the UIDs that were sent.
    for (const f of summary.files) {
      const record = (await db().collection(IMAGES).doc(f.imageId).get()).data() as { object: string };
      const copy = (await download('anonymized', record.object)).toString('latin1');
      for (const sent of files) expect(copy.includes(sent.sopInstanceUid)).toBe(false);
      expect(copy.includes(files[0]?.studyInstanceUid as string)).toBe(false);
    }
  }, 150_000);

  it('into /dicomweb/studies/{study}: stores that study’s files, refuses another study’s with C409', async () => {
    const study = files[6]?.studyInstanceUid as string;
    const ofStudy = files.filter((f) => f.studyInstanceUid === study);
    const stranger = files.find((f) => f.studyInstanceUid !== study) as MrFile;
    expect(ofStudy).toHaveLength(3);
    const { body, contentType } = multipartRelated([...ofStudy.map((f) => f.bytes), stranger.bytes]);
    const res = await stow(`/dicomweb/studies/${study}`, body, { 'Content-Type': contentType });

    expect(res.status).toBe(202);
    const json = JSON.parse(res.text) as DicomJson;
    expect(items(json, '00081199', '00081196')).toEqual(
      ofStudy.map((f) => [MR_STORAGE, f.sopInstanceUid, 0xb000]),
    );
    expect(items(json, '00081198', '00081197')).toEqual([[MR_STORAGE, stranger.sopInstanceUid, 0xc409]]);
    const summary = await settledUpload(
      res.headers.get('location')?.split('/').pop() as string,
      center.token,
      3,
    );
    expect(summary).toMatchObject({ received: 3, anonymized: 3 });
  }, 150_000);

  it('answers 200 when all are stored, 409 with the reasons (and no status URL) when none is', async () => {
    const one = files[0] as MrFile;
    const ok = multipartRelated([one.bytes]);
    const all = await stow('/dicomweb/studies', ok.body, { 'Content-Type': ok.contentType });
    expect(all.status).toBe(200);
    expect(JSON.parse(all.text)['00081198']).toBeUndefined();

    const bad = multipartRelated([Buffer.from('not dicom'), one.bytes, one.bytes]);
    const none = await stow('/dicomweb/studies/1.2.3', bad.body, { 'Content-Type': bad.contentType });
    expect(none.status).toBe(409);
    expect(none.headers.get('location')).toBeNull();
    const json = JSON.parse(none.text) as DicomJson;
    expect(json['00081199']).toBeUndefined();
    expect(items(json, '00081198', '00081197')).toEqual([
      [undefined, undefined, 0xc000],
      [MR_STORAGE, one.sopInstanceUid, 0xc409],
      [MR_STORAGE, one.sopInstanceUid, 0xc409],
    ]);
  });

  it('answers application/dicom+xml when asked, 406 for a media type it cannot give', async () => {
    const { body, contentType } = multipartRelated([(files[1] as MrFile).bytes]);
    const xml = await stow('/dicomweb/studies', body, {
      'Content-Type': contentType,
      Accept: 'application/dicom+xml',
    });
    expect(xml.status).toBe(200);
    expect(xml.headers.get('content-type')).toBe('application/dicom+xml');
    expect(xml.text).toMatch(/<NativeDicomModel[^>]*>[\s\S]*keyword="ReferencedSOPSequence"/);

    const refused = await stow('/dicomweb/studies', body, {
      'Content-Type': contentType,
      Accept: 'text/html',
    });
    expect(refused.status).toBe(406);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses other media types (415) and a malformed body (400, naming the part), never 500', async () => {
    const dicom = (files[2] as MrFile).bytes;
    const single = await stow('/dicomweb/studies', dicom, { 'Content-Type': 'application/dicom' });
    expect(single.status).toBe(415);
    const json = await stow('/dicomweb/studies', Buffer.from('{}'), { 'Content-Type': 'application/json' });
    expect(json.status).toBe(415);
    const { body, contentType } = multipartRelated([dicom, dicom]);
    const metadata = await stow('/dicomweb/studies', body, {
      'Content-Type': contentType.replace('application/dicom', 'application/dicom+json'),
    });
    expect(metadata.status).toBe(415);

    const cut = body.subarray(0, body.length - 100);
    const truncated = await stow('/dicomweb/studies', cut, { 'Content-Type': contentType });
    expect(truncated.status).toBe(400);
    expect(JSON.parse(truncated.text)).toMatchObject({
      type: expect.stringMatching(/malformed-multipart$/),
      errors: [{ field: 'body.part[2]' }],
    });
    const noParts = await stow('/dicomweb/studies', Buffer.from('--x--'), {
      'Content-Type': 'multipart/related; type="application/dicom"; boundary=x',
    });
    expect(noParts.status).toBe(400);
  });

  it('joins an upload with ?upload= across requests, stores a retried request once, and refuses another center’s', async () => {
    const uploadId = crypto.randomUUID();
    const send = (batch: MrFile[], bearer = center.token) => {
      const { body, contentType } = multipartRelated(batch.map((f) => f.bytes));
      return stow(`/dicomweb/studies?upload=${uploadId}`, body, { 'Content-Type': contentType }, bearer);
    };
    const first = await send(files.slice(0, 3));
    expect(first.status).toBe(200);
    expect(first.headers.get('location')).toBe(`/uploads/${uploadId}`);
    // The second batch repeats the first's last file, as a sender retrying after a lost answer would.
    expect((await send(files.slice(2))).status).toBe(200);
    const summary = await settledUpload(uploadId, center.token, files.length);
    expect(summary).toMatchObject({ received: files.length, anonymized: files.length });

    const other = await centerWithToken('IMG-STOW-2');
    const hijack = await send(files.slice(0, 1), other.token);
    expect(hijack.status).toBe(409);
    expect(JSON.parse(hijack.text)).toMatchObject({ errors: [{ field: 'query.upload' }] });
    const { body, contentType } = multipartRelated([files[0]?.bytes as Buffer]);
    const bad = await stow('/dicomweb/studies?upload=nope', body, { 'Content-Type': contentType });
    expect(bad.status).toBe(400);
  });

  it('is for health centers linked to a registered center only', async () => {
    const { body, contentType } = multipartRelated([(files[3] as MrFile).bytes]);
    const headers = { 'Content-Type': contentType };
    expect((await stow('/dicomweb/studies', body, headers, await token(['client']))).status).toBe(403);
    expect((await stow('/dicomweb/studies', body, headers, await token(['health_center']))).status).toBe(403);
    const anonymous = await fetch(`${suite().apiUrl}/dicomweb/studies`, {
      method: 'POST',
      headers,
      body: new Uint8Array(body),
    });
    expect(anonymous.status).toBe(401);
  });
});

/** dicomweb-client's slice used here (it ships no types), and xhr2: the XMLHttpRequest it needs in Node. */
interface DicomWebClient {
  storeInstances(o: { datasets: ArrayBuffer[]; studyInstanceUID?: string }): Promise<string>;
}
const require = createRequire(import.meta.url);

describe('STOW-RS with dicomweb-client (npm), a third-party DICOMweb client', () => {
  it('stores a series with storeInstances, and the files are anonymized', async () => {
    (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest ??= require('xhr2');
    const { api: dicomweb } = require('dicomweb-client') as {
      api: { DICOMwebClient: new (o: Record<string, unknown>) => DicomWebClient };
    };
    let xhr: { getResponseHeader(name: string): string | null } | undefined;
    const client = new dicomweb.DICOMwebClient({
      url: `${suite().apiUrl}/dicomweb`,
      headers: { Authorization: `Bearer ${center.token}` },
      verbose: false,
      // Its answer is the body only: a hook keeps the request to read the upload's status URL.
      requestHooks: [
        (request: typeof xhr, _metadata: unknown) => {
          xhr = request;
          return request;
        },
      ],
    });
    const study = files[1]?.studyInstanceUid as string;
    const series = files.filter((f) => f.studyInstanceUid === study);
    const datasets = series.map(
      (f) => f.bytes.buffer.slice(f.bytes.byteOffset, f.bytes.byteOffset + f.bytes.length) as ArrayBuffer,
    );

    const answer = JSON.parse(
      await client.storeInstances({ datasets, studyInstanceUID: study }),
    ) as DicomJson;
    expect(items(answer, '00081199', '00081196')).toEqual(
      series.map((f) => [MR_STORAGE, f.sopInstanceUid, 0xb000]),
    );
    const location = xhr?.getResponseHeader('location') as string;
    expect(location).toMatch(UPLOAD_URL);
    const summary = await settledUpload(location.split('/').pop() as string, center.token, series.length);
    expect(summary).toMatchObject({ anonymized: series.length, rejected: 0 });
  }, 150_000);
});
