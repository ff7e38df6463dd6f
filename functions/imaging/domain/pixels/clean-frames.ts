/**
 * The pixel-cleaning decision for the native frames of one image: OCR the sampled frames, redact the
 * union of the text boxes and the device's mask regions on every frame, then OCR the redacted samples
 * again. Nothing found: published unchanged. Redacted and nothing left: published redacted. Text-like
 * marks left after redaction: held for review. No frame is published unexamined.
 */

import { sampledFrames } from './frame-sampling.ts';
import { grayOf, redactFrame } from './native-frame.ts';
import type { PixelModule } from './pixel-module.ts';
import type { FoundWord, TextFinder } from './pixel-ports.ts';
import { type Box, unionOf } from './text-box.ts';

/** Words at or above this confidence (0–100) with a letter or digit are treated as text and redacted. */
export const TEXT_CONFIDENCE = 25;
/** Pixels added around each word box before it is filled (antialiasing, descenders, OCR slack). */
export const REDACTION_MARGIN = 3;

export type PixelVerdict =
  | { kind: 'clean'; examinedFrames: number[] }
  | { kind: 'redacted'; examinedFrames: number[]; boxes: Box[]; frames: Buffer[] }
  | { kind: 'review'; examinedFrames: number[]; detail: string };

const isText = (w: FoundWord, minAlnum: number) =>
  w.confidence >= TEXT_CONFIDENCE && (w.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0) >= minAlnum;

async function textBoxes(
  finder: TextFinder,
  frames: readonly Buffer[],
  indexes: readonly number[],
  m: PixelModule,
  littleEndian: boolean,
  minAlnum: number,
): Promise<Map<number, Box[]>> {
  const found = new Map<number, Box[]>();
  for (const i of indexes) {
    const words = (await finder.find(grayOf(frames[i] as Buffer, m, littleEndian))).filter((w) =>
      isText(w, minAlnum),
    );
    if (words.length > 0)
      found.set(
        i,
        words.map((w) => w.box),
      );
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
  const found = await textBoxes(finder, frames, examinedFrames, m, littleEndian, 1);
  const boxes = unionOf([...found.values(), masks]);
  if (boxes.length === 0) return { kind: 'clean', examinedFrames };
  const redacted = frames.map((f) => {
    const copy = Buffer.from(f);
    redactFrame(copy, m, littleEndian, boxes, REDACTION_MARGIN);
    return copy;
  });
  const left = await textBoxes(finder, redacted, examinedFrames, m, littleEndian, 2);
  const [frame, marks] = [...left.entries()][0] ?? [];
  if (frame !== undefined)
    return {
      kind: 'review',
      examinedFrames,
      detail: `text-like marks remain in ${marks?.length} region(s) of frame ${frame + 1} after redacting ${boxes.length} box(es)`,
    };
  return { kind: 'redacted', examinedFrames, boxes, frames: redacted };
}
