/**
 * A `multipart/related` body (RFC 2387, as PS3.18 §8.6.1.2 uses it) written part by part: the caller
 * writes each part's header, then its bytes (streamed, any length), and the closing delimiter at the end.
 */
import { randomBytes } from 'node:crypto';

const CRLF = '\r\n';

export class MultipartWriter {
  private parts = 0;

  /** A random boundary: 32 hex digits never occur by chance at a line start inside DICOM bytes. */
  constructor(readonly boundary = `saludtech-${randomBytes(16).toString('hex')}`) {}

  /** The response's Content-Type: `multipart/related; type="<root part type>"; boundary=…`. */
  contentType(type: string): string {
    return `multipart/related; type="${type}"; boundary=${this.boundary}`;
  }

  /** The delimiter and headers that open the next part (the previous part's bytes end before it). */
  partHeader(headers: Record<string, string>): Buffer {
    const lead = this.parts++ === 0 ? '' : CRLF;
    const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}${CRLF}`);
    return Buffer.from(`${lead}--${this.boundary}${CRLF}${lines.join('')}${CRLF}`, 'latin1');
  }

  /** The close delimiter; a body with no part is just the close delimiter. */
  end(): Buffer {
    return Buffer.from(`${this.parts === 0 ? '' : CRLF}--${this.boundary}--${CRLF}`, 'latin1');
  }
}

/** A whole body of in-memory parts (small answers and tests). */
export function multipartBody(
  writer: MultipartWriter,
  parts: readonly { headers: Record<string, string>; body: Buffer }[],
): Buffer {
  return Buffer.concat([...parts.flatMap((p) => [writer.partHeader(p.headers), p.body]), writer.end()]);
}
