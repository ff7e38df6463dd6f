import { describe, expect, it } from 'vitest';
import { encapsulate, framesOf } from './encapsulated-frames.ts';
import { encapsulatedValue } from './test/fakes.ts';

const item = (body: Buffer, tag = 0xe000, length = body.length) => {
  const h = Buffer.alloc(8);
  h.writeUInt16LE(0xfffe, 0);
  h.writeUInt16LE(tag, 2);
  h.writeUInt32LE(length, 4);
  return Buffer.concat([h, body]);
};
const DELIMITER = item(Buffer.alloc(0), 0xe0dd);

const [a, b, c] = [Buffer.from('jpeg-a'), Buffer.from('jpeg-bb'), Buffer.from('jpeg-cc')];
const even = (f: Buffer) => (f.length % 2 ? Buffer.concat([f, Buffer.alloc(1)]) : f);

describe('framesOf: an encapsulated value split into the fragments of each frame', () => {
  it('with an offset table: fragments go to the frame they start in', () => {
    expect(framesOf(encapsulatedValue([[a, b], [c]]), 2)).toEqual([[a, even(b)], [even(c)]]);
    expect(framesOf(encapsulatedValue([[a], [b, c], [a]]), 3)).toEqual([[a], [even(b), even(c)], [a]]);
  });

  it('without an offset table: one fragment per frame', () => {
    expect(framesOf(encapsulatedValue([[a], [b]], false), 2)).toEqual([[a], [even(b)]]);
  });

  it('a single frame takes every fragment, with or without a table', () => {
    expect(framesOf(encapsulatedValue([[a, b, c]], false), 1)).toEqual([[a, even(b), even(c)]]);
    expect(framesOf(encapsulatedValue([[a, b]]), 1)).toEqual([[a, even(b)]]);
  });

  it('stops at the sequence delimiter, and reads to the end when there is none', () => {
    const items = Buffer.concat([item(Buffer.alloc(0)), item(a)]);
    expect(framesOf(Buffer.concat([items, DELIMITER, item(b)]), 1)).toEqual([[a]]);
    expect(framesOf(items, 1)).toEqual([[a]]);
  });

  describe('refuses, with a PHI-free detail', () => {
    it('a value with no offset table item', () => {
      expect(framesOf(DELIMITER, 1)).toBe('the encapsulated pixel data has no offset table item');
      expect(framesOf(Buffer.alloc(0), 1)).toBe('the encapsulated pixel data has no offset table item');
    });

    it('a non-item, or an item longer than the value', () => {
      const bad = 'the encapsulated pixel data items do not parse';
      expect(framesOf(Buffer.concat([item(Buffer.alloc(0)), item(a, 0xe00d)]), 1)).toBe(bad);
      expect(framesOf(Buffer.concat([item(Buffer.alloc(0)), item(a, 0xe000, 0xffffffff)]), 1)).toBe(bad);
    });

    it('more (or fewer) fragments than frames and no offset table to tell them apart', () => {
      expect(framesOf(encapsulatedValue([[a, b], [c]], false), 2)).toBe(
        '3 fragments for 2 frames and no offset table to tell them apart',
      );
      expect(framesOf(encapsulatedValue([[a]], false), 2)).toBe(
        '1 fragments for 2 frames and no offset table to tell them apart',
      );
    });
  });
});

describe('encapsulate: one fragment per frame with a basic offset table and the delimiter', () => {
  it('writes what the fixture writer writes for the same frames', () => {
    expect(encapsulate([a, b, c])).toEqual(encapsulatedValue([[a], [b], [c]]));
  });

  it('round-trips through framesOf, odd-length frames padded to even', () => {
    const value = encapsulate([b, a]);
    expect(value.length % 2).toBe(0);
    expect(framesOf(value, 2)).toEqual([[even(b)], [a]]);
    expect(even(b)).toHaveLength(b.length + 1);
  });

  it('an offset table entry for each frame, from the first fragment’s item header', () => {
    const value = encapsulate([b, a, c]);
    expect(value.readUInt32LE(4)).toBe(12);
    expect([0, 1, 2].map((i) => value.readUInt32LE(8 + i * 4))).toEqual([0, 16, 30]);
    expect(value.subarray(-8)).toEqual(DELIMITER);
  });
});
