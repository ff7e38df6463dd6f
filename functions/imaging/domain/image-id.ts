/** Image ids are derived from the ingested object's identity, so every redelivery names the same image. */
import { createHash } from 'node:crypto';

/** A UUID (version 8, RFC 9562 custom) from SHA-256 of bucket, name and generation. */
export function imageIdOf(bucket: string, name: string, generation: string): string {
  const h = createHash('sha256').update(`${bucket}\n${name}\n${generation}`).digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x80; // version 8
  h[8] = ((h[8] as number) & 0x3f) | 0x80; // RFC 9562 variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
