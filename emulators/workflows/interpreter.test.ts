/** The interpreter, feature by feature, against an in-memory HTTP double (no sockets, no real waiting). */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Workflows expressions are literally ${…} inside YAML strings.
import { describe, expect, it } from 'vitest';
import { CancelledError, type RunOptions, runWorkflow, stackOf } from './interpreter.ts';
import { parseWorkflow } from './parser.ts';
import { type WfValue, WorkflowRaise } from './values.ts';

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function run(yaml: string, argument: WfValue = null, opts: Partial<RunOptions> & { http?: Handler } = {}) {
  const sleeps: number[] = [];
  const logs: unknown[] = [];
  const calls: { url: string; method: string; body: unknown; headers: Record<string, string> }[] = [];
  const result = runWorkflow(parseWorkflow(yaml), argument, {
    env: (n) => ({ BASE: 'http://fn', GOOGLE_CLOUD_PROJECT_ID: 'p' })[n],
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    log: (e) => logs.push(e),
    fetch: async (url, init) => {
      calls.push({
        url,
        method: String(init.method),
        body: init.body === undefined ? undefined : JSON.parse(String(init.body)),
        headers: init.headers as Record<string, string>,
      });
      if (!opts.http) throw new Error('no HTTP expected');
      return opts.http(url, init);
    },
    ...opts,
  });
  return { result, sleeps, logs, calls };
}

async function raisedBy(p: Promise<unknown>): Promise<WorkflowRaise> {
  try {
    await p;
  } catch (e) {
    if (e instanceof WorkflowRaise) return e;
    throw e;
  }
  throw new Error('expected the workflow to raise');
}

const steps = (body: string) => `main:\n  params: [input]\n  steps:\n${body}`;

describe('assign and return', () => {
  it('assigns variables, nested keys and list items, and returns a value built from them', async () => {
    const { result } = run(
      steps(`    - a:
        assign:
          - m: {}
          - m.x.y: 1
          - l: [1, 2]
          - l[1]: \${input * 10}
          - k: "z"
          - m[k]: \${len(l)}
    - r:
        return: {m: '\${m}', l: '\${l}'}
`),
      4,
    );
    expect(await result).toEqual({ m: { x: { y: 1 }, z: 2 }, l: [1, 40] });
  });

  it('copies values on assignment', async () => {
    const { result } = run(
      steps(`    - a:
        assign:
          - a: {n: 1}
          - b: \${a}
          - b.n: 2
    - r:
        return: \${a.n}
`),
    );
    expect(await result).toBe(1);
  });

  it('passes the runtime argument to main, and null when none is given', async () => {
    expect(await run(steps('    - r:\n        return: ${input}\n'), { id: 'x' }).result).toEqual({ id: 'x' });
    expect(await run(steps('    - r:\n        return: ${input}\n')).result).toBeNull();
  });
});

describe('subworkflows', () => {
  const yaml = `${steps(`    - c:
        call: add
        args: {a: '\${input}'}
        result: sum
    - r:
        return: \${sum}
`)}add:
  params: [a, b: 100]
  steps:
    - r:
        return: \${a + b}
`;
  it('calls a subworkflow with args, defaults and result', async () => {
    expect(await run(yaml, 1).result).toBe(101);
  });

  it('stops runaway recursion with RecursionError', async () => {
    const e = await raisedBy(
      run(`${steps('    - c:\n        call: loop\n')}loop:\n  steps:\n    - c:\n        call: loop\n`).result,
    );
    expect(e.value).toMatchObject({ tags: ['RecursionError'] });
  });
});

describe('control flow', () => {
  it('switch takes the first true condition: next, steps or return', async () => {
    const yaml = steps(`    - s:
        switch:
          - condition: \${input == 1}
            next: one
          - condition: \${input == 2}
            steps:
              - two:
                  assign:
                    - out: two
          - condition: \${input == 3}
            return: three
        next: done
    - one:
        assign:
          - out: one
    - done:
        return: \${out}
`);
    expect(await run(yaml, 1).result).toBe('one');
    expect(await run(yaml, 2).result).toBe('two');
    expect(await run(yaml, 3).result).toBe('three');
    const e = await raisedBy(run(yaml, 4).result);
    expect(e.value).toMatchObject({ tags: ['KeyError'] });
  });

  it('rejects a non-boolean condition with TypeError', async () => {
    const e = await raisedBy(
      run(steps('    - s:\n        switch:\n          - condition: ${1}\n            next: end\n')).result,
    );
    expect(e.value).toMatchObject({ tags: ['TypeError'] });
  });

  it('next: end stops with null; next jumps backwards for loops', async () => {
    expect(await run(steps('    - s:\n        next: end\n    - r:\n        return: 1\n')).result).toBeNull();
    const counter = steps(`    - init:
        assign:
          - i: 0
    - inc:
        assign:
          - i: \${i + 1}
    - check:
        switch:
          - condition: \${i < 5}
            next: inc
    - r:
        return: \${i}
`);
    expect(await run(counter).result).toBe(5);
  });

  it('for iterates lists with index and ranges inclusively, honouring break and continue', async () => {
    const yaml = steps(`    - init:
        assign:
          - seen: []
          - total: 0
    - each:
        for:
          value: v
          index: i
          in: ["a", "b", "c", "d"]
          steps:
            - skip_b:
                switch:
                  - condition: \${v == "b"}
                    next: continue
            - stop_d:
                switch:
                  - condition: \${v == "d"}
                    next: break
            - add:
                assign:
                  - seen: \${list.concat(seen, string(i) + v)}
                  - local_only: 1
    - sum:
        for:
          value: n
          range: [1, 4]
          steps:
            - acc:
                assign:
                  - total: \${total + n}
    - r:
        return: {seen: '\${seen}', total: '\${total}'}
`);
    expect(await run(yaml).result).toEqual({ seen: ['0a', '2c'], total: 10 });
  });

  it('keeps variables created inside a loop body local to it', async () => {
    const e = await raisedBy(
      run(
        steps(`    - l:
        for:
          value: v
          in: [1]
          steps:
            - a:
                assign:
                  - inner: \${v}
    - r:
        return: \${inner}
`),
      ).result,
    );
    expect(e.value).toMatchObject({ tags: ['KeyError'] });
  });
});

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
