/** Rectangles on a frame (inclusive pixel bounds), as OCR reports them and redaction fills them. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A box grown by `margin` pixels on every side, clipped to a width × height frame. */
export function grown(b: Box, margin: number, width: number, height: number): Box {
  return {
    x0: Math.max(0, b.x0 - margin),
    y0: Math.max(0, b.y0 - margin),
    x1: Math.min(width - 1, b.x1 + margin),
    y1: Math.min(height - 1, b.y1 + margin),
  };
}

/** The distinct boxes of several lists (the union over sampled frames), in a stable order. */
export function unionOf(lists: readonly (readonly Box[])[]): Box[] {
  const seen = new Map<string, Box>();
  for (const list of lists) for (const b of list) seen.set(`${b.x0},${b.y0},${b.x1},${b.y1}`, b);
  return [...seen.values()].sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0 || a.y1 - b.y1 || a.x1 - b.x1);
}
