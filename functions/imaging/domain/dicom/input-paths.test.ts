import { describe, expect, it } from 'vitest';
import { FIXTURE_CASES, multiframe as multiframeSc } from '../../fixtures/dicom-fixtures.ts';
import { el } from '../../fixtures/dicom-writer.ts';
import {
  type AnonymizeContext,
  type AnonymizeOutcome,
  anonymizeBuffer,
  anonymizeFile,
  DEFAULT_INGEST_POLICY,
  DEFAULT_OPTIONS,
} from '../anonymizer.ts';
import { keyring, run } from './test/support.ts';

// The streaming path (uneven small chunks), the whole-buffer path and the in-place file path are
// three drivers of one engine: for the same input and keys they must give the same outcome and bytes.
const ctx: AnonymizeContext = {
  keyring,
  issuer: 'CENTER-1',
  options: DEFAULT_OPTIONS,
  limits: { maxBytes: 64 * 1024 * 1024, maxDepth: 16 },
  // The multi-frame fixture is a Secondary Capture class: published only when BurnedInAnnotation NO is trusted.
  policy: { ...DEFAULT_INGEST_POLICY, trustBurnedInAnnotationNo: true },
};

/** A multi-frame Secondary Capture that declares no burned-in text. */
const multiframe = (o: { frames: number }) => multiframeSc({ ...o, extra: [el(0x00280301, 'CS', 'NO')] });

/** The file path over an in-memory "file", read `chunkBytes` at a time; chunks are copied as they come. */
async function viaFile(input: Buffer, chunkBytes: number, hash = true) {
  const parts: Buffer[] = [];
  const outcome = await anonymizeFile(
    { readAt: (target, position) => input.copy(target, 0, position), chunkBytes },
    (chunk) => parts.push(Buffer.from(chunk)),
    { ...ctx, hash },
  );
  return { outcome, out: Buffer.concat(parts) };
}

const withoutDigest = (o: AnonymizeOutcome) => (o.status === 'anonymized' ? { ...o, sha256: '' } : o);

describe('the whole-buffer and in-place file paths match the streaming path byte for byte', () => {
  for (const fixture of FIXTURE_CASES) {
    it(fixture.name, async () => {
      const input = fixture.build();
      const streamed = await run(input);
      const whole = await anonymizeBuffer(input, ctx);
      expect(whole.outcome).toEqual(streamed.outcome);
      // A rejected input's partial output is discarded whatever the path; the whole-buffer path has none.
      const anonymized = streamed.outcome.status === 'anonymized';
      expect(Buffer.concat(whole.chunks).equals(anonymized ? streamed.out : Buffer.alloc(0))).toBe(true);
      // Small reads: headers parsed across chunk ends (re-parsed with more bytes), pixels piped in place.
      for (const chunkBytes of [64, 4096]) {
        const file = await viaFile(input, chunkBytes);
        expect(file.outcome).toEqual(streamed.outcome);
        if (anonymized) expect(file.out.equals(streamed.out)).toBe(true);
      }
    });
  }

  it('pipes a multi-frame value through one reused buffer without mixing up its chunks', async () => {
    const input = multiframe({ frames: 6 });
    const streamed = await run(input, { policy: ctx.policy });
    expect(streamed.outcome.status).toBe('anonymized');
    const file = await viaFile(input, 1000);
    expect(file.out.equals(streamed.out)).toBe(true);
  });

  it('skips the digest only when asked, with the same bytes and otherwise the same outcome', async () => {
    const input = multiframe({ frames: 2 });
    const hashed = await anonymizeBuffer(input, ctx);
    const unhashed = await anonymizeBuffer(input, { ...ctx, hash: false });
    expect(hashed.outcome.status === 'anonymized' && hashed.outcome.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(unhashed.outcome.status === 'anonymized' && unhashed.outcome.sha256).toBe('');
    expect(withoutDigest(unhashed.outcome)).toEqual(withoutDigest(hashed.outcome));
    expect(Buffer.concat(unhashed.chunks).equals(Buffer.concat(hashed.chunks))).toBe(true);
  });

  it('rejects an input over the size limit on every path', async () => {
    const input = multiframe({ frames: 2 });
    const small = { ...ctx, limits: { maxBytes: input.length - 1, maxDepth: 16 } };
    expect((await anonymizeBuffer(input, small)).outcome).toMatchObject({ reason: 'too-large' });
    const file = await anonymizeFile(
      { readAt: (target, position) => input.copy(target, 0, position), chunkBytes: 512 },
      () => undefined,
      small,
    );
    expect(file).toMatchObject({ status: 'rejected', reason: 'too-large' });
  });
});
