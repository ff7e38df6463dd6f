// Pure parsers for the resumable-upload `Content-Range` header and the download `Range` header.

/** What one PUT on a resumable session claims to carry. */
export type UploadRange =
  /** `bytes *\/*`: a status query; `bytes *\/N`: finalize at N bytes with no data. */
  | { kind: 'status'; total: number | undefined }
  /** `bytes a-b/T`; end undefined for `a-*` (the rest of the object streams in this request). */
  | { kind: 'chunk'; start: number; end: number | undefined; total: number | undefined };

const UPLOAD_RANGE = /^bytes (?:(\*)|(\d+)-(\d+|\*))\/(\d+|\*)$/;

/** Returns null for anything that is not a valid upload Content-Range (the API answers 400). */
export function parseContentRange(header: string | undefined): UploadRange | null {
  if (header === undefined) return null;
  const m = UPLOAD_RANGE.exec(header.trim());
  if (!m) return null;
  const total = m[4] === '*' ? undefined : Number(m[4]);
  if (total !== undefined && !Number.isSafeInteger(total)) return null;
  if (m[1] === '*') return { kind: 'status', total };
  const start = Number(m[2]);
  const end = m[3] === '*' ? undefined : Number(m[3]);
  if (!Number.isSafeInteger(start)) return null;
  if (end !== undefined && (!Number.isSafeInteger(end) || end < start)) return null;
  if (total !== undefined && end !== undefined && end >= total) return null;
  if (total !== undefined && start > total) return null;
  return { kind: 'chunk', start, end, total };
}

export type ByteRange = { start: number; end: number };

/**
 * Resolves a download `Range` header against an object size. Returns null when the header is
 * absent or not a single byte range (the API then serves the whole object), 'unsatisfiable' for 416.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    return size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}
