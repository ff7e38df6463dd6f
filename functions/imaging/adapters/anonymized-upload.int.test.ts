/**
 * The anonymizer's output streamed into the anonymized bucket (against the Storage stand-in): nothing is
 * finalized before `commit()`, an abort leaves no object, and a retry replaces what a crashed attempt left.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { baselineJpeg } from '../fixtures/jpeg-fixtures.ts';
import { pixelWords } from '../fixtures/standard-dataset.ts';
import { explicitLittleEndian } from '../fixtures/syntax-builders.ts';
import { AnonymizedUpload, UPLOAD_CHUNK_BYTES } from './anonymized-upload.ts';
import { bucket } from './buckets.ts';

const target = (imageId = randomUUID()) => ({ centerCode: 'IMG-UP', imageId, metadata: { imageId } });
const write = (out: AnonymizedUpload, chunk: Buffer) =>
  new Promise<void>((resolve, reject) => out.write(chunk, (e) => (e ? reject(e) : resolve())));
const end = (out: AnonymizedUpload) => new Promise<void>((resolve) => out.end(resolve));
const there = async (name: string) => (await bucket('anonymized').file(name).exists())[0];

describe('AnonymizedUpload', () => {
  it('names the object by the output format and finalizes it only on commit', async () => {
    const t = target();
    const out = new AnonymizedUpload(t);
    const bytes = explicitLittleEndian();
    await write(out, bytes);
    await end(out);
    expect(out.name).toBe(`images/IMG-UP/${t.imageId}.dcm`);
    expect(await there(out.name as string)).toBe(false);
    expect(await out.commit()).toBe(out.name);
    const [stored] = await bucket('anonymized')
      .file(out.name as string)
      .download();
    expect(stored.equals(bytes)).toBe(true);
    const [meta] = await bucket('anonymized')
      .file(out.name as string)
      .getMetadata();
    expect(meta).toMatchObject({ contentType: 'application/dicom', metadata: { imageId: t.imageId } });
  });

  it('a small output (under the sniff size) is named at its end: a JPEG', async () => {
    const t = target();
    const out = new AnonymizedUpload(t);
    await write(out, baselineJpeg({ width: 8, height: 8 }));
    await end(out);
    expect(await out.commit()).toBe(`images/IMG-UP/${t.imageId}.jpg`);
  });

  it('an abort after more than one upload chunk went out leaves no object', async () => {
    const t = target();
    const out = new AnonymizedUpload(t);
    await write(out, explicitLittleEndian());
    await write(out, pixelWords(UPLOAD_CHUNK_BYTES + 1024 * 1024));
    await out.abort();
    expect(await there(`images/IMG-UP/${t.imageId}.dcm`)).toBe(false);
  });

  it('replaces the object an earlier, crashed attempt of the same image left', async () => {
    const t = target();
    const name = `images/IMG-UP/${t.imageId}.dcm`;
    await bucket('anonymized')
      .file(name)
      .save(Buffer.from('left by a crashed attempt'), { resumable: false });
    const out = new AnonymizedUpload(t);
    const bytes = explicitLittleEndian();
    await write(out, bytes);
    await end(out);
    await out.commit();
    const [stored] = await bucket('anonymized').file(name).download();
    expect(stored.equals(bytes)).toBe(true);
  });
});
