import { describe, expect, it } from 'vitest';
import { parseContentRange, parseRange } from './content-range.ts';

describe('parseContentRange (resumable PUT)', () => {
  it('reads a status query bytes */*', () => {
    expect(parseContentRange('bytes */*')).toEqual({ kind: 'status', total: undefined });
  });
  it('reads a finalize-only request bytes */total', () => {
    expect(parseContentRange('bytes */42')).toEqual({ kind: 'status', total: 42 });
  });
  it('reads an intermediate chunk with unknown total', () => {
    expect(parseContentRange('bytes 0-262143/*')).toEqual({
      kind: 'chunk',
      start: 0,
      end: 262143,
      total: undefined,
    });
  });
  it('reads a final chunk with its total', () => {
    expect(parseContentRange('bytes 10-19/20')).toEqual({ kind: 'chunk', start: 10, end: 19, total: 20 });
  });
  it("reads the client's single-request form bytes 0-*/*", () => {
    expect(parseContentRange('bytes 0-*/*')).toEqual({
      kind: 'chunk',
      start: 0,
      end: undefined,
      total: undefined,
    });
  });
  it('rejects a range that ends before it starts, ends past the total, or is not bytes', () => {
    expect(parseContentRange('bytes 5-2/10')).toBeNull();
    expect(parseContentRange('bytes 0-10/10')).toBeNull();
    expect(parseContentRange('items 0-1/2')).toBeNull();
    expect(parseContentRange('bytes a-b/c')).toBeNull();
    expect(parseContentRange(undefined)).toBeNull();
  });
});

describe('parseRange (download Range header)', () => {
  it('resolves a closed range, clamping its end to the object', () => {
    expect(parseRange('bytes=2-5', 10)).toEqual({ start: 2, end: 5 });
    expect(parseRange('bytes=2-50', 10)).toEqual({ start: 2, end: 9 });
  });
  it('resolves an open range and a suffix range', () => {
    expect(parseRange('bytes=7-', 10)).toEqual({ start: 7, end: 9 });
    expect(parseRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 });
  });
  it('is unsatisfiable when the start is past the end of the object', () => {
    expect(parseRange('bytes=10-', 10)).toBe('unsatisfiable');
  });
  it('ignores absent, multi-range or malformed headers (whole object)', () => {
    expect(parseRange(undefined, 10)).toBeNull();
    expect(parseRange('bytes=0-1,3-4', 10)).toBeNull();
    expect(parseRange('bytes=5-2', 10)).toBeNull();
  });
});
