/** The interpreter: assignment, return, subworkflow calls and control flow (switch, next, for). */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Workflows expressions are literally ${…} inside YAML strings.
import { describe, expect, it } from 'vitest';
import { raisedBy, run, steps } from './interpreter-test-harness.ts';

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
