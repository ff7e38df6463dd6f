import { describe, expect, it } from 'vitest';
import { SAMPLE_ALL, sampledFrames } from './frame-sampling.ts';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('sampledFrames: which frames the OCR reads', () => {
  it(`reads every frame up to SAMPLE_ALL (${SAMPLE_ALL})`, () => {
    expect(sampledFrames(1)).toEqual([0]);
    expect(sampledFrames(16)).toEqual(range(16));
  });

  it('past SAMPLE_ALL reads the first, the last and every Nth between, N = ceil(frames / SAMPLE_ALL)', () => {
    // 17 frames: every 2nd, so 9 are read (the last, 16, is one of them).
    expect(sampledFrames(17)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16]);
    // 100 frames: every 7th (0…98) and the last.
    expect(sampledFrames(100)).toEqual([...range(15).map((i) => i * 7), 99]);
  });

  it('for any length: sorted, distinct, in range, first and last included, gaps no wider than N, at most SAMPLE_ALL + 1', () => {
    for (let frames = SAMPLE_ALL + 1; frames <= 1000; frames++) {
      const picked = sampledFrames(frames);
      const step = Math.ceil(frames / SAMPLE_ALL);
      expect(picked[0]).toBe(0);
      expect(picked.at(-1)).toBe(frames - 1);
      expect(picked.length).toBeLessThanOrEqual(SAMPLE_ALL + 1);
      expect(picked.length).toBeGreaterThan(SAMPLE_ALL / 2);
      for (let i = 1; i < picked.length; i++) {
        const gap = (picked[i] as number) - (picked[i - 1] as number);
        expect(gap).toBeGreaterThan(0);
        expect(gap).toBeLessThanOrEqual(step);
      }
    }
  });

  it('reads nothing of an image with no frames', () => {
    expect(sampledFrames(0)).toEqual([]);
  });
});
