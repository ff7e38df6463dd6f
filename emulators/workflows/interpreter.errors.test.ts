/** The interpreter: raise, try/except and retry policies with backoff, against an in-memory HTTP double. */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Workflows expressions are literally ${…} inside YAML strings.
import { describe, expect, it } from 'vitest';
import { stackOf } from './interpreter.ts';
import { json, raisedBy, run, steps } from './interpreter-test-harness.ts';

describe('raise, try and except', () => {
  it('raises strings and maps; except binds the error with as', async () => {
    const yaml = steps(`    - t:
        try:
          steps:
            - boom:
                raise: \${input}
        except:
          as: e
          steps:
            - r:
                return: {caught: '\${e}'}
`);
    expect(await run(yaml, 'plain').result).toEqual({ caught: 'plain' });
    expect(await run(yaml, { code: 409, reason: 'x' }).result).toEqual({
      caught: { code: 409, reason: 'x' },
    });
  });

  it('an uncaught raise fails the execution with its value and the step stack', async () => {
    const e = await raisedBy(
      run(
        `${steps('    - c:\n        call: inner\n')}inner:\n  steps:\n    - boom:\n        raise: {reason: bad}\n`,
      ).result,
    );
    expect(e.value).toEqual({ reason: 'bad' });
    expect(stackOf(e)).toEqual([
      { routine: 'inner', step: 'boom' },
      { routine: 'main', step: 'c' },
    ]);
  });

  it('retries with exponential backoff capped at max_delay while the predicate says so', async () => {
    let attempts = 0;
    const yaml = `${steps(`    - t:
        try:
          call: http.get
          args: {url: "http://fn/flaky"}
          result: res
        retry:
          predicate: \${only_503}
          max_retries: 5
          backoff: {initial_delay: 1, max_delay: 3, multiplier: 2}
    - r:
        return: \${res.body}
`)}only_503:
  params: [e]
  steps:
    - c:
        return: \${e.code == 503}
`;
    const { result, sleeps } = run(yaml, null, {
      http: () => (++attempts < 5 ? json(503, { busy: true }) : json(200, { ok: attempts })),
    });
    expect(await result).toEqual({ ok: 5 });
    expect(sleeps).toEqual([1000, 2000, 3000, 3000]);
  });

  it('gives up after max_retries and hands the last error to except', async () => {
    const yaml = steps(`    - t:
        try:
          call: http.get
          args: {url: "http://fn/x"}
        retry:
          predicate: \${retry.always}
          max_retries: 2
          backoff: {initial_delay: 0.5, max_delay: 5, multiplier: 3}
        except:
          as: e
          steps:
            - r:
                return: \${e.code}
`);
    let n = 0;
    const { result, sleeps } = run(yaml, null, { http: () => json(500 + n++, {}) });
    expect(await result).toBe(502);
    expect(sleeps).toEqual([500, 1500]);
  });

  it('http.default_retry retries 503 and connection failures but not 404', async () => {
    const yaml = (code: number) =>
      steps(`    - t:
        try:
          call: http.get
          args: {url: "http://fn/x"}
          result: res
        retry: \${http.default_retry}
        except:
          as: e
          steps:
            - r:
                return: \${e}
    - ok:
        return: \${res.code}
`).replace('x"', `${code}"`);
    let calls = 0;
    const flaky = run(yaml(503), null, {
      http: () => {
        calls++;
        if (calls === 1) throw Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
        return calls < 4 ? json(503, {}) : json(200, {});
      },
    });
    expect(await flaky.result).toBe(200);
    expect(flaky.sleeps).toEqual([1000, 1250, 1562.5]);
    const notFound = run(yaml(404), null, { http: () => json(404, { missing: true }) });
    expect(await notFound.result).toMatchObject({ code: 404, tags: ['HttpError'], body: { missing: true } });
    expect(notFound.sleeps).toEqual([]);
  });

  it('http.default_retry_non_idempotent does not retry a 502', async () => {
    const yaml = steps(`    - t:
        try:
          call: http.post
          args: {url: "http://fn/x", body: {}}
        retry: \${http.default_retry_non_idempotent}
`);
    const { result, sleeps } = run(yaml, null, { http: () => json(502, {}) });
    expect((await raisedBy(result)).value).toMatchObject({ code: 502, tags: ['HttpError'] });
    expect(sleeps).toEqual([]);
  });
});
