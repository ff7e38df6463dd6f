/** Loading: the supported subset parses; anything outside it is a WorkflowSyntaxError that names the step. */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Workflows expressions are literally ${…} inside YAML strings.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWorkflow, WorkflowSyntaxError } from './parser.ts';

const main = (steps: string) => `main:\n  params: [input]\n  steps:\n${steps}`;

describe('parseWorkflow', () => {
  it('loads the sample workflow with its subworkflows', () => {
    const file = new URL('./testdata/sample.yaml', import.meta.url);
    const program = parseWorkflow(readFileSync(file, 'utf8'), 'sample.yaml');
    expect(Object.keys(program.subworkflows)).toEqual(
      expect.arrayContaining(['main', 'call_step', 'retry_on_flaky']),
    );
    expect(program.subworkflows.main?.params).toEqual([{ name: 'input' }]);
  });

  it('accepts a bare list of steps as main', () => {
    const program = parseWorkflow('- done:\n    return: 1\n');
    expect(program.subworkflows.main?.steps[0]).toMatchObject({ kind: 'return', name: 'done' });
  });

  it('reads parameter defaults', () => {
    const program = parseWorkflow(
      `${main('    - a:\n        return: 1\n')}sub:\n  params: [x, y: 2]\n  steps:\n    - r:\n        return: \${x + y}\n`,
    );
    expect(program.subworkflows.sub?.params[1]).toMatchObject({
      name: 'y',
      default: { kind: 'const', value: 2 },
    });
  });

  it.each([
    [
      'an unknown step key',
      main('    - s:\n        assign:\n          - a: 1\n        retry: 3\n'),
      /main > s: unsupported key 'retry'/,
    ],
    ['an unknown step kind', main('    - s:\n        wait: 3\n'), /main > s: unsupported step/],
    [
      'parallel',
      main('    - s:\n        parallel:\n          branches: []\n'),
      /parallel steps are not supported/,
    ],
    [
      'an unknown call',
      main('    - s:\n        call: googleapis.pubsub.v1.projects.topics.publish\n'),
      /main > s: unknown call target/,
    ],
    [
      'an unknown call argument',
      main('    - s:\n        call: http.get\n        args:\n          url: x\n          retries: 3\n'),
      /takes no argument 'retries'/,
    ],
    [
      'a missing url',
      main('    - s:\n        call: http.post\n        args:\n          body: {}\n'),
      /needs the argument 'url'/,
    ],
    [
      'an unsupported function',
      main('    - s:\n        return: ${hash.compute_hmac(input)}\n'),
      /unsupported function 'hash.compute_hmac'/,
    ],
    [
      'a blocking call in an expression',
      main('    - s:\n        return: ${http.get("u")}\n'),
      /blocking call/,
    ],
    [
      'a subworkflow in an expression',
      `${main('    - s:\n        return: ${helper(1)}\n')}helper:\n  params: [a]\n  steps:\n    - r:\n        return: 1\n`,
      /unsupported function 'helper'/,
    ],
    ['string interpolation', main('    - s:\n        return: "id ${input}"\n'), /no string interpolation/],
    ['a bad expression', main('    - s:\n        return: ${1 +}\n'), /main > s return: bad expression/],
    ['a jump to nowhere', main('    - s:\n        next: nowhere\n'), /names no step reachable/],
    ['break outside a loop', main('    - s:\n        next: break\n'), /only valid inside a for loop/],
    [
      'a jump out of a loop',
      main(
        '    - s:\n        for:\n          value: v\n          in: [1]\n          steps:\n            - j:\n                next: after\n    - after:\n        return: 1\n',
      ),
      /names no step reachable/,
    ],
    [
      'a try without retry or except',
      main('    - s:\n        try:\n          steps:\n            - a:\n                return: 1\n'),
      /needs 'retry' and\/or 'except'/,
    ],
    [
      'an unknown retry policy',
      main('    - s:\n        try:\n          call: sys.now\n        retry: ${http.maybe_retry}\n'),
      /unsupported retry policy/,
    ],
    [
      'a missing predicate subworkflow',
      main(
        '    - s:\n        try:\n          call: sys.now\n        retry:\n          predicate: ${nope}\n          max_retries: 2\n',
      ),
      /predicate 'nope' is not a subworkflow/,
    ],
    [
      'an unknown backoff key',
      main(
        '    - s:\n        try:\n          call: sys.now\n        retry:\n          predicate: ${retry.always}\n          max_retries: 2\n          backoff:\n            jitter: 1\n',
      ),
      /unsupported key 'jitter'/,
    ],
    [
      'a duplicate step name',
      main('    - s:\n        assign:\n          - a: 1\n    - s:\n        return: 1\n'),
      /duplicate step name 's'/,
    ],
    ['a missing main', 'other:\n  steps:\n    - a:\n        return: 1\n', /needs a 'main'/],
    [
      'a missing subworkflow argument',
      `${main('    - s:\n        call: helper\n        args: {}\n')}helper:\n  params: [a]\n  steps:\n    - r:\n        return: \${a}\n`,
      /needs the argument 'a'/,
    ],
    [
      'an unknown auth type',
      main(
        '    - s:\n        call: http.get\n        args:\n          url: x\n          auth:\n            type: APIKey\n',
      ),
      /auth type must be OIDC or OAuth2/,
    ],
    [
      'for with both in and range',
      main(
        '    - s:\n        for:\n          value: v\n          in: [1]\n          range: [1, 2]\n          steps: []\n',
      ),
      /exactly one of 'in' or 'range'/,
    ],
    [
      'two params on main',
      'main:\n  params: [a, b]\n  steps:\n    - r:\n        return: 1\n',
      /main takes at most one parameter/,
    ],
    ['invalid YAML', 'main: [\n', /invalid YAML/],
  ])('rejects %s', (_, source, message) => {
    expect(() => parseWorkflow(source, 'w.yaml')).toThrow(WorkflowSyntaxError);
    expect(() => parseWorkflow(source, 'w.yaml')).toThrow(message);
  });
});
