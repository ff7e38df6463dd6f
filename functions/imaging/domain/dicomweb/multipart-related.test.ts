import { describe, expect, it } from 'vitest';
import { isDicomPart, MAX_PARTS, relatedType, splitRelated } from './multipart-related.ts';

const B = 'c0ffee-4d1c-b0und4ry';
/** A body as RFC 2046 writes it: parts, each `--B CRLF headers CRLF CRLF content CRLF`, then `--B--`. */
function body(
  parts: { headers?: string[]; content: Buffer }[],
  opts: { preamble?: string; epilogue?: string } = {},
) {
  const chunks: Buffer[] = [Buffer.from(opts.preamble ?? '')];
  parts.forEach((p, i) => {
    const headers = p.headers ?? ['Content-Type: application/dicom'];
    chunks.push(Buffer.from(`${i === 0 ? '' : '\r\n'}--${B}\r\n${headers.join('\r\n')}\r\n\r\n`), p.content);
  });
  chunks.push(Buffer.from(`\r\n--${B}--${opts.epilogue ?? ''}`));
  return Buffer.concat(chunks);
}
/** Bytes that look like delimiters to a careless parser: dashes, CRLFs, the boundary without its CRLF. */
const tricky = Buffer.concat([
  Buffer.from([0, 1, 2, 0x0d, 0x0a, 0x2d, 0x2d, 0xff]),
  Buffer.from(`--${B}`),
  Buffer.from('\r\n-\r\n--'),
  Buffer.alloc(300, 0xab),
]);

describe('the request Content-Type', () => {
  it('takes multipart/related with type application/dicom, quoted or not, and returns the boundary', () => {
    expect(relatedType(`multipart/related; type="application/dicom"; boundary="${B}"`)).toEqual({
      ok: true,
      boundary: B,
    });
    expect(relatedType(`Multipart/Related; boundary=${B}; type=application/DICOM`)).toEqual({
      ok: true,
      boundary: B,
    });
  });

  it('takes an absent type parameter (each part is then checked on its own)', () => {
    expect(relatedType(`multipart/related; boundary=${B}`)).toEqual({ ok: true, boundary: B });
  });

  it.each([
    [undefined, 415],
    ['application/dicom', 415],
    ['application/json', 415],
    [`multipart/form-data; boundary=${B}`, 415],
    [`multipart/related; type="application/dicom+json"; boundary=${B}`, 415],
    [`multipart/related; type="application/dicom+xml"; boundary=${B}`, 415],
    ['multipart/related; type="application/dicom"', 400],
    ['multipart/related; type="application/dicom; boundary=', 400],
    ['multipart/related; type="application/dicom"; boundary=""', 400],
    ['not a media type', 415],
  ])('refuses %s with %i', (header, status) => {
    expect(relatedType(header)).toMatchObject({ ok: false, status });
  });
});

describe('splitting the body', () => {
  it('yields each part in order with its Content-Type and exact bytes', () => {
    const a = Buffer.from('DICM first');
    const split = splitRelated(
      body([
        { content: a },
        {
          headers: ['Content-Type: application/dicom; transfer-syntax=1.2.840.10008.1.2.1'],
          content: tricky,
        },
        { headers: ['Content-Type: application/octet-stream'], content: Buffer.alloc(0) },
      ]),
      B,
    );
    expect(split).toMatchObject({ ok: true });
    if (!split.ok) return;
    expect(split.parts.map((p) => [p.number, p.contentType])).toEqual([
      [1, 'application/dicom'],
      [2, 'application/dicom; transfer-syntax=1.2.840.10008.1.2.1'],
      [3, 'application/octet-stream'],
    ]);
    expect(split.parts[0]?.bytes.equals(a)).toBe(true);
    expect(split.parts[1]?.bytes.equals(tricky)).toBe(true);
    expect(split.parts[2]?.bytes.length).toBe(0);
  });

  it('skips a preamble (dicomweb-client opens with CRLF) and ignores an epilogue', () => {
    const split = splitRelated(body([{ content: tricky }], { preamble: '\r\n', epilogue: '\r\nbye\r\n' }), B);
    expect(split.ok && split.parts.map((p) => p.bytes.equals(tricky))).toEqual([true]);
    const prose = splitRelated(body([{ content: tricky }], { preamble: 'This is a DICOM study.\r\n' }), B);
    expect(prose.ok && prose.parts.length).toBe(1);
  });

  it('reads parts that carry Content-Length, and a closing delimiter with no CRLF after it (Orthanc)', () => {
    const orthanc = Buffer.concat([
      Buffer.from(`--${B}\r\nContent-Type: application/dicom\r\nContent-Length: ${tricky.length}\r\n\r\n`),
      tricky,
      Buffer.from(`\r\n--${B}--`),
    ]);
    const split = splitRelated(orthanc, B);
    expect(split.ok && split.parts[0]?.bytes.equals(tricky)).toBe(true);
  });

  it('takes a body of no parts as well-formed (the caller decides what that means)', () => {
    expect(splitRelated(Buffer.from(`--${B}--`), B)).toEqual({ ok: true, parts: [] });
  });

  it('names the part where a truncated body stops: the one never closed', () => {
    const whole = body([{ content: tricky }, { content: tricky }, { content: tricky }]);
    const cut = whole.subarray(0, whole.length - 200 - `\r\n--${B}--`.length);
    expect(splitRelated(cut, B)).toEqual({
      ok: false,
      part: 3,
      detail: expect.stringMatching(/not closed/),
    });
  });

  it('fails at part 1 when the declared boundary never appears', () => {
    expect(splitRelated(body([{ content: tricky }]), 'another-boundary')).toMatchObject({
      ok: false,
      part: 1,
    });
    expect(splitRelated(Buffer.alloc(0), B)).toMatchObject({ ok: false, part: 1 });
  });

  it('refuses oversized part headers and headers that are not UTF-8, naming the part', () => {
    const long = body([{ content: tricky }, { headers: [`X-Long: ${'a'.repeat(17_000)}`], content: tricky }]);
    expect(splitRelated(long, B)).toMatchObject({
      ok: false,
      part: 2,
      detail: expect.stringMatching(/headers/),
    });
    const latin1 = Buffer.concat([
      Buffer.from(`--${B}\r\nContent-Description: `),
      Buffer.from([0xe9, 0xff]),
      Buffer.from(`\r\n\r\nx\r\n--${B}--`),
    ]);
    expect(splitRelated(latin1, B)).toMatchObject({
      ok: false,
      part: 1,
      detail: expect.stringMatching(/UTF-8/),
    });
  });

  it(`refuses more than ${MAX_PARTS} parts`, () => {
    const many = body(Array.from({ length: MAX_PARTS + 1 }, () => ({ content: Buffer.from('x') })));
    expect(splitRelated(many, B)).toMatchObject({ ok: false, part: MAX_PARTS + 1 });
  });

  it('returns views of the body, not copies', () => {
    const whole = body([{ content: tricky }]);
    const split = splitRelated(whole, B);
    expect(split.ok && split.parts[0]?.bytes.buffer).toBe(whole.buffer);
  });
});

describe('a part’s own Content-Type', () => {
  it('is DICOM when absent (the root type) or application/dicom with any parameters', () => {
    expect(isDicomPart(undefined)).toBe(true);
    expect(isDicomPart('Application/DICOM; transfer-syntax=1.2.840.10008.1.2.4.50')).toBe(true);
    expect(isDicomPart('application/dicom+json')).toBe(false);
    expect(isDicomPart('application/octet-stream')).toBe(false);
    expect(isDicomPart(';;')).toBe(false);
  });
});
