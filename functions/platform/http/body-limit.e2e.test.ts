/**
 * Oversized bodies are refused while they stream, before parsing and before authentication: a 32 MiB body
 * (what Cloud Run lets through) to a public and to an authenticated route gets 413 problem+json, the client
 * reads that answer (no reset mid-upload), and the function host's memory barely moves.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { suite } from '../../../emulators/test/suite.ts';

const MiB = 1024 * 1024;
const BODY = 32 * MiB;

function hostPid(): number {
  const record = JSON.parse(readFileSync(join(suite().stateDir, 'pids.json'), 'utf8')) as {
    children: { pid: number; name: string }[];
  };
  const host = record.children.find((c) => c.name === 'function-host');
  if (!host) throw new Error('no function-host in the suite pid file');
  return host.pid;
}

const rssOf = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

/** A JSON-looking body of `size` bytes, sent with Content-Length or chunked (no length declared). */
function body(size: number, chunked: boolean): { body: BodyInit; duplex?: 'half' } {
  const filler = Buffer.alloc(size, 0x61);
  filler.write('{"a":"', 0);
  filler.write('"}', size - 2);
  if (!chunked) return { body: filler };
  const chunk = MiB;
  let at = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= size) return controller.close();
      controller.enqueue(filler.subarray(at, at + chunk));
      at += chunk;
    },
  });
  return { body: stream, duplex: 'half' };
}

describe('request bodies over the limit', () => {
  it.each([
    ['the public receipts route', '/notifications/receipts', false],
    ['the public receipts route, chunked', '/notifications/receipts', true],
    ['an authenticated command route', '/centers', false],
    ['an authenticated command route, chunked', '/centers', true],
  ])('%s answers 413 problem+json and the host grows by less than 50 MiB', async (_what, path, chunked) => {
    const pid = hostPid();
    const before = rssOf(pid);
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssOf(pid));
    }, 20);
    try {
      const res = await fetch(`${suite().apiUrl}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        ...body(BODY, chunked),
      } as RequestInit);
      expect(res.status).toBe(413);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ status: 413, detail: expect.stringContaining('bytes') });
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, rssOf(pid));
    expect(peak - before).toBeLessThan(50 * MiB);
  });

  it('a body under the limit still reaches the handler (401 here: no token)', async () => {
    const res = await fetch(`${suite().apiUrl}/centers`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: 'X' }),
    });
    expect(res.status).toBe(401);
  });
});
