/** Shared steps for the STOW-RS end-to-end tests: real DICOM files, a center's token, waiting for an upload. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, eventually, token } from '../../../emulators/test/suite.ts';
import { PYDICOM_DATA } from '../corpus/corpus-build.ts';
import { registeredCenter } from './imaging-harness.ts';

/** pydicom's real MR files (explicit VR LE) of three studies: 1 + 3 + 3 images. */
const MR2 = join(PYDICOM_DATA, 'test_files', 'dicomdirtests', '98892003', 'MR2');

export interface MrFile {
  bytes: Buffer;
  studyInstanceUid: string;
  sopInstanceUid: string;
}

/** The value of a UI element of the data set (its first occurrence after the file meta). */
function uidOf(bytes: Buffer, group: number, element: number): string {
  const tag = Buffer.alloc(6);
  tag.writeUInt16LE(group, 0);
  tag.writeUInt16LE(element, 2);
  tag.write('UI', 4, 'latin1');
  const at = bytes.indexOf(tag, 132);
  if (at < 0) throw new Error(`no (${group.toString(16)},${element.toString(16)}) in fixture`);
  const length = bytes.readUInt16LE(at + 6);
  return bytes.toString('latin1', at + 8, at + 8 + length).replace(/\0+$/, '');
}

/** The 7 MR files, sorted by name, with their Study and SOP Instance UIDs. */
export function mrFiles(): MrFile[] {
  return readdirSync(MR2)
    .sort()
    .map((f) => {
      const bytes = readFileSync(join(MR2, f));
      return {
        bytes,
        studyInstanceUid: uidOf(bytes, 0x0020, 0x000d),
        sopInstanceUid: uidOf(bytes, 0x0008, 0x0018),
      };
    });
}

/** A `multipart/related; type="application/dicom"` body as PS3.18 describes it, written by hand. */
export function multipartRelated(parts: readonly Buffer[], boundary = 'stow-e2e-7f3a9c') {
  const chunks = parts.flatMap((p) => [
    Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
    p,
    Buffer.from('\r\n'),
  ]);
  return {
    body: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]),
    contentType: `multipart/related; type="application/dicom"; boundary=${boundary}`,
  };
}

/** A registered center and a health_center token bound to it. */
export async function centerWithToken(code: string) {
  const center = await registeredCenter(code);
  return { ...center, token: await token(['health_center'], center.centerId) };
}

interface UploadSummary {
  received: number;
  pending: number;
  anonymized: number;
  rejected: number;
  held: number;
  files: { imageId: string; status: string }[];
}

/** GET /uploads/{id} once `expected` files were received and none is pending. */
export function settledUpload(uploadId: string, bearer: string, expected: number, timeoutMs = 90_000) {
  return eventually(
    async () => {
      const r = await api('GET', `/uploads/${uploadId}`, { token: bearer });
      const b = r.body as UploadSummary;
      return r.status === 200 && b.received === expected && b.pending === 0 ? b : undefined;
    },
    timeoutMs,
    500,
  );
}
