/**
 * The pixel-cleaning decision for the native frames of one image: OCR the sampled frames, redact the
 * union of the text boxes and the device's mask regions on every frame, then OCR the redacted samples
 * again. Nothing found: published unchanged. Redacted and nothing left: published redacted. Text-like
 * marks left after redaction: held for review. No frame is published unexamined.
 */

import { sampledFrames } from './frame-sampling.ts';
import { contrastOf, grayOf, redactFrame } from './native-frame.ts';
import type { PixelModule } from './pixel-module.ts';
import type { FoundWord, TextFinder } from './pixel-ports.ts';
import { type Box, unionOf } from './text-box.ts';

/**
 * What counts as text, as a minimum OCR confidence (0–100) for a number of letters and digits. Finding
 * (redaction) is generous — a missed name is a leak, a filled speckle patch is not — while the check
 * after redaction asks for a confident word of three or more, so OCR noise on speckle does not send
 * every ultrasound to review.
 */
export const FIND_TEXT = [
  { confidence: 25, alnum: 2 },
  { confidence: 60, alnum: 1 },
] as const;
export const TEXT_LEFT = [{ confidence: 60, alnum: 3 }] as const;
/** Pixels added around each word box before it is filled (antialiasing, descenders, OCR slack). */
export const REDACTION_MARGIN = 3;

type TextRule = readonly { confidence: number; alnum: number }[];

export type PixelVerdict =
  | { kind: 'clean'; examinedFrames: number[] }
  | { kind: 'redacted'; examinedFrames: number[]; boxes: Box[]; frames: Buffer[] }
  | { kind: 'review'; examinedFrames: number[]; detail: string; boxes: Box[] };

const isText = (w: FoundWord, rule: TextRule) => {
  const alnum = w.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  return rule.some((r) => w.confidence >= r.confidence && alnum >= r.alnum);
};

async function textBoxes(
  finder: TextFinder,
  frames: readonly Buffer[],
  indexes: readonly number[],
  m: PixelModule,
  littleEndian: boolean,
  rule: TextRule,
): Promise<Map<number, Box[]>> {
  const found = new Map<number, Box[]>();
  for (const i of indexes) {
    // Each frame is read in two views: as it shows, and as its distance from the background.
    const frame = frames[i] as Buffer;
    const words: FoundWord[] = [];
    for (const view of [grayOf, contrastOf])
      words.push(...(await finder.find(view(frame, m, littleEndian))).filter((w) => isText(w, rule)));
    // The same word read in both views is one region.
    if (words.length > 0) found.set(i, unionOf([words.map((w) => w.box)]));
  }
  return found;
}

/** Cleans the frames (copies; the input is not changed). `masks` are the device's regions. */
export async function cleanFrames(
  finder: TextFinder,
  frames: readonly Buffer[],
  m: PixelModule,
  littleEndian: boolean,
  masks: readonly Box[] = [],
): Promise<PixelVerdict> {
  const examinedFrames = sampledFrames(frames.length);
  const found = await textBoxes(finder, frames, examinedFrames, m, littleEndian, FIND_TEXT);
  const boxes = unionOf([...found.values(), masks]);
  if (boxes.length === 0) return { kind: 'clean', examinedFrames };
  const redacted = frames.map((f) => {
    const copy = Buffer.from(f);
    redactFrame(copy, m, littleEndian, boxes, REDACTION_MARGIN);
    return copy;
  });
  const left = await textBoxes(finder, redacted, examinedFrames, m, littleEndian, TEXT_LEFT);
  const [frame, marks] = [...left.entries()][0] ?? [];
  if (frame !== undefined)
    return {
      kind: 'review',
      examinedFrames,
      detail: `text-like marks remain in ${marks?.length} region(s) of frame ${frame + 1} after redacting ${boxes.length} box(es)`,
      // What the reviewer sees drawn on the frame: the boxes filled, and the marks left after filling.
      boxes: unionOf([boxes, marks ?? []]),
    };
  return { kind: 'redacted', examinedFrames, boxes, frames: redacted };
}
