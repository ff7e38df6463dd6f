import { describe, expect, it } from 'vitest';
import { TS } from '../dicom/syntax.ts';
import { cleanPixelData } from './clean-pixel-data.ts';
import { reviewedCleaner } from './reviewed-cleaner.ts';
import {
  blank,
  cleaner,
  filled,
  moduleDataset,
  moduleOf,
  paint,
  stubbornFinder,
  TEXT,
} from './test/fakes.ts';

const m = moduleOf(); // 16 × 16, 8-bit MONOCHROME2
const MARK = { x0: 12, y0: 12, x1: 14, y1: 14 };
/** A frame with text the OCR cannot clean away (it keeps "seeing" it): the image would be held. */
const stubbornOcr = stubbornFinder();
const stubborn = cleaner(stubbornOcr);
const frame = () => paint(paint(blank(m), m, TEXT), m, MARK);
const clean = (c: ReturnType<typeof reviewedCleaner>) =>
  cleanPixelData(moduleDataset(m), TS.explicitLE, true, frame(), c);

describe('a pixel review as the cleaner', () => {
  it('fills the reviewer’s regions on the frame, runs no OCR, and publishes', async () => {
    const outcome = await clean(reviewedCleaner(stubborn, [TEXT]));
    expect(outcome.kind).toBe('replaced');
    if (outcome.kind !== 'replaced') return;
    expect(outcome.provenance.boxes).toEqual([TEXT]);
    expect(filled(outcome.value, m, TEXT, 0)).toBe(true);
    // What the reviewer left alone stays as it was.
    expect(filled(outcome.value, m, MARK, 255)).toBe(true);
    expect(stubbornOcr.calls).toBe(0);
  });

  it('with no regions: the reviewer found the pixels safe, published unchanged', async () => {
    expect(await clean(reviewedCleaner(stubborn, []))).toMatchObject({ kind: 'unchanged' });
  });

  it('keeps the device mask regions, and adds to regions already set', async () => {
    const masked = {
      ...stubborn,
      regions: [MARK],
    };
    const outcome = await clean(reviewedCleaner(masked, [TEXT]));
    expect(outcome.kind === 'replaced' && outcome.provenance.boxes).toEqual([TEXT, MARK]);
  });
});
