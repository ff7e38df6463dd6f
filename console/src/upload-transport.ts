/**
 * How the center's page sends one file: DICOM through STOW-RS, anything else (JPEG, PNG, or a file the
 * platform will refuse with a reason) through a `POST /uploads` resumable session; a zip is opened here and
 * its files sent one by one. File names stay in the page: the platform gets a neutral name per file.
 */
import { unzipSync } from 'fflate';
import type { Api } from './api.ts';

export type Kind = 'dicom' | 'image';

/** One file of a drop, as sent: its display name (this page only), its bytes and how it goes. */
export interface Outgoing {
  name: string;
  file: Blob;
  kind: Kind;
  /** The content type and extension a session object carries (JPEG, PNG or unknown). */
  type: string;
  ext: string;
}

export interface Sent {
  ok: boolean;
  retry?: boolean;
  note?: string;
}

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);

/** What a file is, from its first bytes (names lie); DICOM files without a preamble count as DICOM by name. */
export async function sniff(name: string, file: Blob): Promise<'zip' | Omit<Outgoing, 'name' | 'file'>> {
  const head = new Uint8Array(await file.slice(0, 132).arrayBuffer());
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { kind: 'image', type: 'image/jpeg', ext: 'jpg' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47])) return { kind: 'image', type: 'image/png', ext: 'png' };
  if (startsWith(head, [0x44, 0x49, 0x43, 0x4d], 128) || /\.dcm$|^[^.]+$/i.test(name.split('/').pop() ?? ''))
    return { kind: 'dicom', type: 'application/dicom', ext: 'dcm' };
  // Anything else goes in as it is: the platform quarantines it with a reason the center can act on.
  return { kind: 'image', type: 'application/octet-stream', ext: 'bin' };
}

/** The files of a drop, each zip replaced by the files inside it (folders in it kept in the names). */
export async function expand(files: File[]): Promise<Outgoing[]> {
  const out: Outgoing[] = [];
  for (const f of files) {
    const name = f.webkitRelativePath || f.name;
    const what = await sniff(name, f);
    if (what !== 'zip') {
      out.push({ name, file: f, ...what });
      continue;
    }
    const entries = unzipSync(new Uint8Array(await f.arrayBuffer()), {
      filter: (e) => !e.name.endsWith('/') && !/(^|\/)(__MACOSX\/|\.)/.test(e.name),
    });
    for (const [inner, bytes] of Object.entries(entries)) {
      const blob = new Blob([bytes as Uint8Array<ArrayBuffer>]);
      const kind = await sniff(inner, blob);
      // A zip inside a zip is not opened: sent as it is, and refused with its reason.
      const as = kind === 'zip' ? { kind: 'image' as const, type: 'application/zip', ext: 'zip' } : kind;
      out.push({ name: `${name}/${inner}`, file: blob, ...as });
    }
  }
  return out;
}

/** A transient answer, worth trying again (the platform dedupes what it already has). */
const transient = (status: number) => status === 0 || status === 409 || status === 429 || status >= 500;

/** One XHR with upload progress; resolves with its status (0: no answer) and a response header. */
function xhr(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: Blob | null,
  onSent: (n: number) => void = () => {},
) {
  return new Promise<{ status: number; range: string | null }>((resolve) => {
    const r = new XMLHttpRequest();
    r.open(method, url);
    for (const [k, v] of Object.entries(headers)) r.setRequestHeader(k, v);
    r.upload.onprogress = (e) => onSent(e.loaded);
    r.onload = () => resolve({ status: r.status, range: r.getResponseHeader('Range') });
    r.onerror = () => resolve({ status: 0, range: null });
    r.send(body);
  });
}

const BOUNDARY = 'saludtech-console-boundary';

/** A DICOM file as a one-part multipart/related STOW-RS request into the upload. */
export async function stowOne(
  a: Api,
  token: string,
  uploadId: string,
  o: Outgoing,
  onSent: (n: number) => void,
): Promise<Sent> {
  const body = new Blob([
    `--${BOUNDARY}\r\nContent-Type: application/dicom\r\n\r\n`,
    o.file,
    `\r\n--${BOUNDARY}--\r\n`,
  ]);
  const { status } = await xhr(
    'POST',
    `${a.base}/dicomweb/studies?upload=${uploadId}`,
    {
      Authorization: `Bearer ${token}`,
      Accept: 'application/dicom+json',
      'Content-Type': `multipart/related; type="application/dicom"; boundary=${BOUNDARY}`,
    },
    body,
    onSent,
  );
  return status > 0 && status < 300
    ? { ok: true }
    : { ok: false, retry: transient(status), note: status ? `HTTP ${status}` : 'network' };
}

/** The session's persisted byte count (`Range: bytes=0-N`), or 0. */
const persisted = (range: string | null) => (range ? Number(range.split('-')[1]) + 1 : 0);

/**
 * A file through a resumable session: `POST /uploads` opens it (one neutral object name per file), then the
 * bytes are PUT to the session URI; after a broken PUT the session is asked what it holds
 * (`Content-Range: bytes *\/N`) and only the rest is sent.
 */
export async function sessionOne(
  a: Api,
  uploadId: string,
  index: number,
  o: Outgoing,
  onSent: (n: number) => void,
): Promise<Sent> {
  let sessionUrl: string;
  try {
    const fileName = `F${String(index + 1).padStart(5, '0')}.${o.ext}`;
    ({ sessionUrl } = await a.send<{ sessionUrl: string }>('POST', '/uploads', {
      uploadId,
      fileName,
      contentType: o.type,
    }));
  } catch (e) {
    const status = (e as { status?: number }).status ?? 0;
    return { ok: false, retry: transient(status), note: status ? `HTTP ${status}` : 'network' };
  }
  const size = o.file.size;
  let from = 0;
  for (let attempt = 0; attempt < 4; attempt++) {
    const last = Math.max(size - 1, 0);
    const range = size === 0 ? 'bytes */0' : `bytes ${from}-${last}/${size}`;
    const put = await xhr(
      'PUT',
      sessionUrl,
      { 'Content-Type': o.type, 'Content-Range': range },
      o.file.slice(from),
      (n) => onSent(from + n),
    );
    if (put.status === 200 || put.status === 201) return { ok: true };
    if (put.status !== 0 && put.status !== 308 && !transient(put.status))
      return { ok: false, note: `HTTP ${put.status}` };
    await new Promise((w) => setTimeout(w, 500 * (attempt + 1)));
    const status = await xhr('PUT', sessionUrl, { 'Content-Range': `bytes */${size}` }, null);
    if (status.status === 200 || status.status === 201) return { ok: true };
    from = status.status === 308 ? persisted(status.range) : from;
  }
  return { ok: false, note: 'network' };
}
