import { describe, expect, it } from 'vitest';
import { cleanFrames, FIND_TEXT, REDACTION_MARGIN, TEXT_LEFT } from './clean-frames.ts';
import { sampledFrames } from './frame-sampling.ts';
import { blank, blobFinder, filled, moduleOf, paint, stubbornFinder } from './test/fakes.ts';
import { grown } from './text-box.ts';

const m = moduleOf(); // 16 × 16, 8-bit MONOCHROME2
const BANNER = { x0: 6, y0: 2, x1: 11, y1: 3 };
const CAPTION = { x0: 2, y0: 12, x1: 4, y1: 12 };
const copies = (frames: Buffer[]) => frames.map((f) => Buffer.from(f));
/**
 * A blank frame with one bright pixel in its corner: a speck the fake OCR (minArea 2) ignores as noise,
 * which keeps the frame's grey range, so mid-grey marks stay mid-grey for it.
 */
const speckled = () => paint(blank(m), m, { x0: 15, y0: 15, x1: 15, y1: 15 });
const quietFinder = () => blobFinder({ minArea: 2 });

describe('cleanFrames: OCR the sampled frames, redact the union of what it found on every frame', () => {
  it('no text: clean, naming the frames it examined', async () => {
    const finder = blobFinder();
    expect(await cleanFrames(finder, [blank(m, 40)], m, true)).toEqual({
      kind: 'clean',
      examinedFrames: [0],
    });
    expect(await cleanFrames(finder, [blank(m), blank(m), blank(m)], m, true)).toEqual({
      kind: 'clean',
      examinedFrames: [0, 1, 2],
    });
  });

  it('text on a frame: redacted, its box reported, filled with the darkest value and the margin', async () => {
    const input = [paint(blank(m), m, BANNER)];
    const before = copies(input);
    const verdict = await cleanFrames(blobFinder(), input, m, true);
    expect(verdict).toMatchObject({ kind: 'redacted', examinedFrames: [0], boxes: [BANNER] });
    if (verdict.kind !== 'redacted') return;
    expect(verdict.frames[0]).toEqual(blank(m));
    expect(input).toEqual(before);
  });

  it('fills only the boxes grown by REDACTION_MARGIN: the rest of the frame is as it was', async () => {
    // Mid-grey marks inside and just outside the grown box.
    const region = grown(BANNER, REDACTION_MARGIN, m.columns, m.rows);
    const frame = speckled();
    paint(frame, m, { x0: region.x0, y0: region.y0, x1: region.x1, y1: region.y1 }, 120);
    paint(frame, m, BANNER);
    const outside = { x0: region.x1 + 1, y0: region.y0, x1: region.x1 + 1, y1: region.y1 };
    paint(frame, m, outside, 120);
    const verdict = await cleanFrames(quietFinder(), [frame], m, true);
    if (verdict.kind !== 'redacted') throw new Error(`expected redacted, got ${verdict.kind}`);
    const out = verdict.frames[0] as Buffer;
    expect(filled(out, m, region, 0)).toBe(true);
    expect(filled(out, m, outside, 120)).toBe(true);
    expect(out[15 * 16 + 15]).toBe(255);
    expect(out.filter((v, i) => v !== frame[i]).length).toBe(
      (region.x1 - region.x0 + 1) * (region.y1 - region.y0 + 1),
    );
  });

  it('a 40-frame cine: samples are read, and the union of their boxes is filled on every frame', async () => {
    const frames = Array.from({ length: 40 }, (_, i) => {
      const f = speckled();
      paint(f, m, BANNER, 120); // a mark where the banner is, on every frame
      if (i === 0) paint(f, m, BANNER); // the banner shows on the first frame only
      if (i === 39) paint(f, m, CAPTION); // a caption on the last one
      return f;
    });
    const before = copies(frames);
    const finder = quietFinder();
    const verdict = await cleanFrames(finder, frames, m, true);
    expect(verdict).toMatchObject({
      kind: 'redacted',
      examinedFrames: sampledFrames(40),
      boxes: [BANNER, CAPTION],
    });
    if (verdict.kind !== 'redacted') return;
    // The first and the redacted pass read the same sampled frames, and only those.
    // Two views of each sampled frame, read before and after redaction.
    expect(finder.calls).toBe(2 * 2 * sampledFrames(40).length);
    expect(verdict.frames).toHaveLength(40);
    for (const f of verdict.frames) expect(f).toEqual(speckled());
    expect(frames).toEqual(before);
  });

  it('known limit: text shown only on an unsampled frame is not found', async () => {
    const frames = Array.from({ length: 40 }, () => blank(m));
    const unsampled = [...Array(40).keys()].find((i) => !sampledFrames(40).includes(i)) as number;
    paint(frames[unsampled] as Buffer, m, CAPTION);
    expect(await cleanFrames(blobFinder(), frames, m, true)).toMatchObject({ kind: 'clean' });
  });

  describe('what counts as text', () => {
    const frame = () => [paint(blank(m), m, BANNER)];

    it('two letters or digits at confidence 25, or one at 60, are text; less is noise', async () => {
      expect(FIND_TEXT).toEqual([
        { confidence: 25, alnum: 2 },
        { confidence: 60, alnum: 1 },
      ]);
      const verdictOf = (text: string, confidence: number) =>
        cleanFrames(blobFinder({ text, confidence }), frame(), m, true).then((v) => v.kind);
      expect(await verdictOf('MR', 25)).toBe('redacted');
      expect(await verdictOf('MR', 24)).toBe('clean');
      expect(await verdictOf('M', 60)).toBe('redacted');
      expect(await verdictOf('M', 59)).toBe('clean');
    });

    it('words with no letter or digit (rulers, tick marks, punctuation) are ignored', async () => {
      for (const text of ['|', '—.—', '+ + +', ''])
        expect(await cleanFrames(blobFinder({ text }), frame(), m, true)).toMatchObject({ kind: 'clean' });
    });

    it('a single confident letter or digit, in any script, is text', async () => {
      for (const text of ['7', 'ñ', 'Я'])
        expect(await cleanFrames(blobFinder({ text }), frame(), m, true)).toMatchObject({ kind: 'redacted' });
    });
  });

  describe('device mask regions', () => {
    const MASK = { x0: 0, y0: 0, x1: 15, y1: 1 };

    it('are redacted on every frame even where no text is found', async () => {
      const frames = [paint(speckled(), m, MASK, 90), paint(speckled(), m, MASK, 90)];
      const finder = quietFinder();
      expect(await cleanFrames(finder, frames, m, true)).toMatchObject({ kind: 'clean' });
      const verdict = await cleanFrames(finder, frames, m, true, [MASK]);
      expect(verdict).toMatchObject({ kind: 'redacted', boxes: [MASK] });
      if (verdict.kind === 'redacted') expect(verdict.frames).toEqual([speckled(), speckled()]);
    });

    it('join the text boxes, a box both found and masked counted once', async () => {
      const verdict = await cleanFrames(blobFinder(), [paint(blank(m), m, BANNER)], m, true, [MASK, BANNER]);
      expect(verdict).toMatchObject({ kind: 'redacted', boxes: [MASK, BANNER] });
    });
  });

  describe('the redacted frames are read again', () => {
    it('text-like marks left after redaction: review, with a detail naming no value read and the boxes to show', async () => {
      const finder = stubbornFinder('PEREZ');
      const verdict = await cleanFrames(finder, [blank(m), blank(m)], m, true);
      expect(verdict).toEqual({
        kind: 'review',
        examinedFrames: [0, 1],
        detail: 'text-like marks remain in 1 region(s) of frame 1 after redacting 1 box(es)',
        // The box filled and the mark read again at the same place: one region for the reviewer.
        boxes: [{ x0: 1, y0: 1, x1: 4, y1: 2 }],
      });
      expect(finder.calls).toBe(8); // 2 frames × 2 views × before and after
    });

    it('only a confident word of three letters or digits left is held: OCR noise on speckle is not', async () => {
      expect(TEXT_LEFT).toEqual([{ confidence: 60, alnum: 3 }]);
      const verdictOf = (text: string, confidence: number) =>
        cleanFrames(stubbornFinder(text, undefined, confidence), [blank(m)], m, true).then((v) => v.kind);
      expect(await verdictOf('ABC', 60)).toBe('review');
      expect(await verdictOf('AB', 99)).toBe('redacted');
      expect(await verdictOf('ABC', 59)).toBe('redacted');
    });
  });
});
