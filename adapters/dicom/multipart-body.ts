/**
 * A `multipart/related; type="application/dicom"` request body (PS3.18 §8.6.1.2): each part is one Part 10
 * instance. The boundary is random, so no instance's bytes can contain it by accident in practice.
 */
import { randomBytes } from 'node:crypto';

export function multipartRelated(
  parts: readonly Buffer[],
  boundary = `saludtech-${randomBytes(12).toString('hex')}`,
) {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`, 'latin1'),
      p,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'latin1'));
  return {
    body: Buffer.concat(chunks),
    contentType: `multipart/related; type="application/dicom"; boundary=${boundary}`,
  };
}
