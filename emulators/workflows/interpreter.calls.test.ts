/** The interpreter: http.* and sys.* calls and cancellation, against an in-memory HTTP double (no real waiting). */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Workflows expressions are literally ${…} inside YAML strings.
import { describe, expect, it } from 'vitest';
import { CancelledError } from './interpreter.ts';
import { type Handler, json, raisedBy, run, steps } from './interpreter-test-harness.ts';

describe('calls', () => {
  it('http.* sends JSON bodies, query and headers and returns {body, code, headers}', async () => {
    const yaml = steps(`    - c:
        call: http.request
        args:
          method: PUT
          url: \${sys.get_env("BASE") + "/items"}
          query: {id: 7, tag: [a, b]}
          headers: {X-Trace: t1}
          body: {n: '\${input}'}
          auth: {type: OIDC, audience: "http://fn"}
          timeout: 5
        result: res
    - r:
        return: \${res}
`);
    const { result, calls } = run(yaml, 3, { http: () => json(201, { created: true }) });
    expect(await result).toMatchObject({
      code: 201,
      body: { created: true },
      headers: { 'content-type': 'application/json' },
    });
    expect(calls[0]).toMatchObject({
      url: 'http://fn/items?id=7&tag=a&tag=b',
      method: 'PUT',
      body: { n: 3 },
      headers: { 'X-Trace': 't1', 'Content-Type': 'application/json' },
    });
    expect(calls[0]?.headers.Authorization).toBeUndefined();
  });

  it('HTTP >= 400 raises an HttpError map like production', async () => {
    const yaml = steps('    - c:\n        call: http.get\n        args: {url: "http://fn/x"}\n');
    const e = await raisedBy(run(yaml, null, { http: () => json(409, { reason: 'conflict' }) }).result);
    expect(e.value).toMatchObject({
      message: 'HTTP server responded with error code 409',
      code: 409,
      tags: ['HttpError'],
      body: { reason: 'conflict' },
    });
  });

  it('maps refused connections, resets and timeouts to their tags', async () => {
    const yaml = steps(
      '    - c:\n        call: http.get\n        args: {url: "http://fn/x", timeout: 0.01}\n',
    );
    const refused = Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const reset = Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNRESET' } });
    const r1 = await raisedBy(run(yaml, null, { http: () => Promise.reject(refused) }).result);
    expect(r1.value).toMatchObject({ tags: ['ConnectionFailedError', 'ConnectionError'] });
    const r2 = await raisedBy(run(yaml, null, { http: () => Promise.reject(reset) }).result);
    expect(r2.value).toMatchObject({ tags: ['ConnectionError'] });
    const hang: Handler = (_, init) =>
      new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    const r3 = await raisedBy(run(yaml, null, { http: hang }).result);
    expect(r3.value).toMatchObject({ tags: ['TimeoutError'] });
  });

  it('sys.log, sys.sleep, sys.now and sys.get_env', async () => {
    const yaml = steps(`    - log:
        call: sys.log
        args: {text: hello, severity: INFO}
    - nap:
        call: sys.sleep
        args: {seconds: 2}
    - now:
        call: sys.now
        result: t
    - env:
        call: sys.get_env
        args: {name: GOOGLE_CLOUD_PROJECT_ID}
        result: project
    - r:
        return: ['\${t}', '\${project}']
`);
    const { result, logs, sleeps } = run(yaml, null, { now: () => 42.5, delayScale: 0.5 });
    expect(await result).toEqual([42.5, 'p']);
    expect(logs).toEqual([{ severity: 'INFO', payload: 'hello' }]);
    expect(sleeps).toEqual([1000]);
  });

  it('stops at the next step once cancelled, and except cannot catch it', async () => {
    const controller = new AbortController();
    const yaml = steps(`    - t:
        try:
          steps:
            - a:
                call: sys.sleep
                args: {seconds: 1}
            - b:
                return: not reached
        except:
          steps:
            - c:
                return: caught
`);
    const { result } = run(yaml, null, {
      signal: controller.signal,
      sleep: async () => controller.abort(),
    });
    await expect(result).rejects.toBeInstanceOf(CancelledError);
  });
});
