// Streaming reader for multipart/related uploads: JSON metadata part, then media streamed out.
import { badRequest } from './errors.ts';

const CRLF = Buffer.from('\r\n');
const LF = Buffer.from('\n');
const MAX_HEADER_BYTES = 16 * 1024;
const MAX_METADATA_BYTES = 2 * 1024 * 1024;

class ByteReader {
  private buf: Buffer = Buffer.alloc(0);
  private done = false;

  constructor(private readonly it: AsyncIterator<Buffer>) {}

  private async pull(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.it.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    this.buf = this.buf.length === 0 ? next.value : Buffer.concat([this.buf, next.value]);
    return true;
  }

  /** Bytes up to (excluding) `delim`, consuming the delimiter; bounded so junk cannot exhaust memory. */
  async readUntil(delim: Buffer, max: number): Promise<Buffer> {
    for (;;) {
      const idx = this.buf.indexOf(delim);
      if (idx >= 0) {
        const out = this.buf.subarray(0, idx);
        this.buf = this.buf.subarray(idx + delim.length);
        return out;
      }
      if (this.buf.length > max) throw badRequest('Malformed multipart body.');
      if (!(await this.pull())) throw badRequest('Malformed multipart body.');
    }
  }

  /** Streams bytes up to `delim` without holding more than one network chunk. */
  async *streamUntil(delim: Buffer): AsyncGenerator<Buffer> {
    const keep = delim.length - 1;
    for (;;) {
      const idx = this.buf.indexOf(delim);
      if (idx >= 0) {
        if (idx > 0) yield this.buf.subarray(0, idx);
        this.buf = this.buf.subarray(idx + delim.length);
        return;
      }
      if (this.buf.length > keep) {
        yield this.buf.subarray(0, this.buf.length - keep);
        this.buf = Buffer.from(this.buf.subarray(this.buf.length - keep));
      }
      if (!(await this.pull())) throw badRequest('Malformed multipart body: missing closing boundary.');
    }
  }

  async read(n: number): Promise<Buffer> {
    while (this.buf.length < n) if (!(await this.pull())) break;
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(out.length);
    return out;
  }
}

/** `multipart/related; boundary="x"` → `x`, or a 400. gcloud (Python) quotes with single quotes. */
export function boundaryOf(contentType: string | undefined): string {
  const m = /^multipart\/(?:related|mixed|form-data)\s*;.*?boundary=(?:"([^"]+)"|'([^']+)'|([^;\s]+))/i.exec(
    contentType ?? '',
  );
  const b = m?.[1] ?? m?.[2] ?? m?.[3];
  if (!b) throw badRequest('Invalid multipart request: missing boundary in Content-Type.');
  return b;
}

function parseHeaders(raw: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of raw.toString('latin1').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return out;
}

export interface MultipartUpload {
  metadata: Record<string, unknown>;
  mediaContentType: string | undefined;
  media: AsyncGenerator<Buffer>;
  /** Resolves after `media` is drained, checking the closing boundary. */
  finish(): Promise<void>;
}

/** Reads the metadata part; the caller must drain `media` and then await `finish()`. */
export async function readMultipart(
  source: AsyncIterable<Buffer>,
  boundary: string,
): Promise<MultipartUpload> {
  const reader = new ByteReader(source[Symbol.asyncIterator]());
  const dash = Buffer.from(`--${boundary}`);
  await reader.readUntil(dash, MAX_HEADER_BYTES); // preamble
  // RFC 2046 wants CRLF, but gcloud (Python's email package) sends bare LF: follow the first line.
  let nl = await reader.read(1);
  if (nl.equals(Buffer.from('\r'))) nl = Buffer.concat([nl, await reader.read(1)]);
  if (!nl.equals(CRLF) && !nl.equals(LF)) throw badRequest('Malformed multipart body.');
  const delim = Buffer.concat([nl, dash]);
  const headerEnd = Buffer.concat([nl, nl]);
  await reader.readUntil(headerEnd, MAX_HEADER_BYTES); // metadata part headers
  const metaRaw = await reader.readUntil(delim, MAX_METADATA_BYTES);
  let metadata: Record<string, unknown>;
  try {
    const parsed: unknown = metaRaw.length ? JSON.parse(metaRaw.toString('utf8')) : {};
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error('not an object');
    metadata = parsed as Record<string, unknown>;
  } catch {
    throw badRequest('Parse Error: invalid JSON metadata part.', 'parseError');
  }
  const afterMeta = await reader.read(nl.length);
  if (!afterMeta.equals(nl)) throw badRequest('Invalid multipart request: expected a media part.');
  const mediaHeaders = parseHeaders(await reader.readUntil(headerEnd, MAX_HEADER_BYTES));
  return {
    metadata,
    mediaContentType: mediaHeaders['content-type'],
    media: reader.streamUntil(delim),
    async finish() {
      const close = await reader.read(2);
      if (close.toString() !== '--')
        throw badRequest('Invalid multipart request: only two parts are allowed.');
    },
  };
}
