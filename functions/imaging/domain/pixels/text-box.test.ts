import { describe, expect, it } from 'vitest';
import { grown, unionOf } from './text-box.ts';

describe('grown: a box grown by a margin, clipped to the frame', () => {
  it('grows every side by the margin inside the frame', () => {
    expect(grown({ x0: 10, y0: 20, x1: 30, y1: 25 }, 3, 100, 50)).toEqual({ x0: 7, y0: 17, x1: 33, y1: 28 });
  });

  it('clips at the frame edges (inclusive bounds: width - 1, height - 1)', () => {
    expect(grown({ x0: 1, y0: 0, x1: 98, y1: 49 }, 3, 100, 50)).toEqual({ x0: 0, y0: 0, x1: 99, y1: 49 });
  });

  it('with no margin is the box itself', () => {
    const b = { x0: 2, y0: 3, x1: 4, y1: 5 };
    expect(grown(b, 0, 10, 10)).toEqual(b);
  });
});

describe('unionOf: the distinct boxes of several lists, in a stable order', () => {
  const top = { x0: 5, y0: 0, x1: 9, y1: 2 };
  const left = { x0: 0, y0: 4, x1: 3, y1: 6 };
  const right = { x0: 8, y0: 4, x1: 9, y1: 6 };
  const taller = { x0: 8, y0: 4, x1: 9, y1: 7 };

  it('drops boxes repeated within and across lists', () => {
    expect(unionOf([[top, left], [{ ...top }], [left, { ...left }]])).toEqual([top, left]);
  });

  it('orders by top, then left, then bottom, then right, whatever the input order', () => {
    const wider = { x0: 8, y0: 4, x1: 12, y1: 6 };
    expect(
      unionOf([
        [taller, wider],
        [right, left, top],
      ]),
    ).toEqual([top, left, right, wider, taller]);
    expect(unionOf([[top], [left, right, taller, wider]])).toEqual([top, left, right, wider, taller]);
  });

  it('is empty for no lists or empty ones', () => {
    expect(unionOf([])).toEqual([]);
    expect(unionOf([[], []])).toEqual([]);
  });
});
