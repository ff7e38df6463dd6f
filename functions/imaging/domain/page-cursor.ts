/** Opaque page cursors of the imaging lists: base64url JSON, read back only if it has our shape. */
import type { z } from 'zod';

export const encodeCursor = (position: unknown) =>
  Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');

/** The position a cursor we issued names, or undefined for anything else. */
export function decodeCursor<T>(shape: z.ZodType<T>, token: string): T | undefined {
  try {
    const parsed = shape.safeParse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
