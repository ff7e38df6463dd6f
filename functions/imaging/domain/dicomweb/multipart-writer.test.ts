import { parseMultipart } from '@remix-run/multipart-parser';
import { describe, expect, it } from 'vitest';
import { MultipartWriter, multipartBody } from './multipart-writer.ts';

/** Parses with a parser nobody here wrote. */
function parsed(body: Buffer, boundary: string) {
  return [...parseMultipart(new Uint8Array(body), { boundary })].map((p) => ({
    headers: p.headers,
    bytes: Buffer.from(p.bytes),
  }));
}

describe('MultipartWriter', () => {
  it('writes parts that an independent multipart parser reads back byte for byte', () => {
    const w = new MultipartWriter();
    const a = Buffer.from([0, 13, 10, 45, 45, 1, 2, 3]);
    const b = Buffer.alloc(70_000, 7);
    const body = multipartBody(w, [
      { headers: { 'Content-Type': 'application/dicom; transfer-syntax=1.2.840.10008.1.2.1' }, body: a },
      { headers: { 'Content-Type': 'application/dicom' }, body: b },
    ]);
    const parts = parsed(body, w.boundary);
    expect(parts).toHaveLength(2);
    expect(parts[0]?.bytes).toEqual(a);
    expect(parts[0]?.headers['content-type']).toBe('application/dicom; transfer-syntax=1.2.840.10008.1.2.1');
    expect(parts[1]?.bytes).toEqual(b);
  });

  it('names the root type and boundary in its Content-Type', () => {
    const w = new MultipartWriter('b1');
    expect(w.contentType('application/dicom')).toBe(
      'multipart/related; type="application/dicom"; boundary=b1',
    );
  });

  it('closes an empty body with the close delimiter alone', () => {
    expect(new MultipartWriter('b1').end().toString()).toBe('--b1--\r\n');
  });
});
