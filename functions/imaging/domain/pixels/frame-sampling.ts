/**
 * Which frames of a multi-frame image are read by OCR: all of them up to SAMPLE_ALL, else the first,
 * the last and every Nth between (N chosen so about SAMPLE_ALL frames are read). Text that appears on
 * unsampled frames only (a caption shown for a few frames of a cine) is missed; the union of the boxes
 * found is redacted on every frame, which covers fixed overlays such as the patient banner.
 */
export const SAMPLE_ALL = 16;

export function sampledFrames(frames: number): number[] {
  if (frames <= SAMPLE_ALL) return Array.from({ length: frames }, (_, i) => i);
  const step = Math.ceil(frames / SAMPLE_ALL);
  const picked = new Set<number>();
  for (let i = 0; i < frames; i += step) picked.add(i);
  picked.add(frames - 1);
  return [...picked].sort((a, b) => a - b);
}
