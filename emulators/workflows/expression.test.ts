/** `${…}` expressions: operators with production precedence, access, and the standard-library functions. */
import { describe, expect, it } from 'vitest';
import { evaluate } from './expression-eval.ts';
import { parseExpression } from './expression-parser.ts';
import { type WfValue, WorkflowRaise } from './values.ts';

const vars: Record<string, WfValue> = {
  n: 7,
  s: 'Hola',
  list: [1, 2, 3],
  m: { a: { b: 'deep' }, k: 'v', n: null },
  ok: true,
};
const ctx = {
  env: (name: string) => (name === 'FUNCTIONS_BASE_URL' ? 'http://fn' : undefined),
  now: () => 1700000000.5,
};
const ev = (src: string) => evaluate(parseExpression(src), (n) => vars[n], ctx);
const raised = (src: string) => {
  try {
    ev(src);
  } catch (e) {
    if (e instanceof WorkflowRaise) return e.value;
    throw e;
  }
  throw new Error(`expected ${src} to raise`);
};

describe('expression operators', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['7 / 2', 3.5],
    ['7 // 2', 3],
    ['-7 // 2', -4],
    ['7 % 3', 1],
    ['-n + 10', 3],
    ['"a" + "b"', 'ab'],
    ['n > 5 and n < 10', true],
    ['not ok or n == 7', true],
    ['NOT ok', false],
    ['n != 7', false],
    ['"b" > "a"', true],
    ['2 in list', true],
    ['"k" in m', true],
    ['"zz" in m', false],
    ['True and TRUE', true],
    ['1 < 2 == true', true],
  ])('%s → %j', (src, expected) => {
    expect(ev(src)).toEqual(expected);
  });

  it('indexes lists and maps, by dot and by bracket', () => {
    expect(ev('list[1]')).toBe(2);
    expect(ev('m.a.b')).toBe('deep');
    expect(ev('m["a"]["b"]')).toBe('deep');
    expect(ev('list[len(list) - 1]')).toBe(3);
  });

  it('builds list and map literals', () => {
    expect(ev('[1, "x", null]')).toEqual([1, 'x', null]);
    expect(ev('{"a": n, "b": [s]}')).toEqual({ a: 7, b: ['Hola'] });
  });

  it('short-circuits and/or', () => {
    expect(ev('false and undefined_var')).toBe(false);
    expect(ev('true or undefined_var')).toBe(true);
  });

  it.each([
    ['undefined_var', 'KeyError'],
    ['m.missing', 'KeyError'],
    ['list[5]', 'IndexError'],
    ['"a" + 1', 'TypeError'],
    ['1 / 0', 'ZeroDivisionError'],
    ['n and true', 'TypeError'],
    ['s[0]', 'TypeError'],
  ])('%s raises %s', (src, tag) => {
    expect(raised(src)).toMatchObject({ tags: [tag] });
  });

  it('rejects malformed text', () => {
    expect(() => parseExpression('1 +')).toThrow(/end of expression/);
    expect(() => parseExpression('"open')).toThrow(/unterminated/);
    expect(() => parseExpression('a ? b')).toThrow(/unexpected character/);
    expect(() => parseExpression('list[0](1)')).toThrow(/unexpected/);
  });
});

describe('standard library', () => {
  it.each([
    ['map.get(m, "k")', 'v'],
    ['map.get(m, "missing")', null],
    ['map.get(m, ["a", "b"])', 'deep'],
    ['map.get(m, ["x", "y"])', null],
    ['default(m.n, "fallback")', 'fallback'],
    ['default(n, 0)', 7],
    ['len(s)', 4],
    ['len(list)', 3],
    ['len(m)', 3],
    ['keys(m)', ['a', 'k', 'n']],
    ['string(n)', '7'],
    ['string(2.5)', '2.5'],
    ['int("42")', 42],
    ['int(2.9)', 2],
    ['double("1.5")', 1.5],
    ['text.to_lower(s)', 'hola'],
    ['text.to_upper(s)', 'HOLA'],
    ['text.split("a,b,c", ",")', ['a', 'b', 'c']],
    ['text.substring("abcdef", 1, 3)', 'bc'],
    ['text.replace_all("a-b-c", "-", "+")', 'a+b+c'],
    [
      'text.find_all("abab", "b")',
      [
        { index: 1, match: 'b' },
        { index: 3, match: 'b' },
      ],
    ],
    ['text.match_regex("sub-12", "^sub-[0-9]+$")', true],
    ['json.decode("{\\"a\\": [1, 2]}")', { a: [1, 2] }],
    ['json.encode_to_string({"a": 1})', '{"a":1}'],
    ['text.decode(base64.decode(base64.encode(text.encode("hola"))))', 'hola'],
    ['base64.encode(json.encode("x"))', Buffer.from('"x"').toString('base64')],
    ['json.decode(base64.decode("eyJhIjoxfQ=="))', { a: 1 }],
    ['sys.now()', 1700000000.5],
    ['sys.get_env("FUNCTIONS_BASE_URL") + "/step"', 'http://fn/step'],
    ['sys.get_env("NOPE", "d")', 'd'],
    ['sys.get_env("NOPE")', null],
    ['get_type(list)', 'list'],
    ['list.concat(list, 4)', [1, 2, 3, 4]],
    ['map.merge(m, {"k": "w"}).k', 'w'],
    ['time.format(0)', '1970-01-01T00:00:00.000Z'],
  ])('%s → %j', (src, expected) => {
    expect(ev(src)).toEqual(expected);
  });

  it.each([
    ['int("x")', 'ValueError'],
    ['json.decode("{")', 'ValueError'],
    ['base64.encode("not bytes")', 'TypeError'],
    ['keys(list)', 'TypeError'],
    ['len(1)', 'TypeError'],
    ['text.split(1, ",")', 'TypeError'],
    ['json.encode_to_string(text.encode("x"))', 'TypeError'],
  ])('%s raises %s', (src, tag) => {
    expect(raised(src)).toMatchObject({ tags: [tag] });
  });

  it('generates UUIDs', () => {
    expect(ev('uuid.generate()')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
