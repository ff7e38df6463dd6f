import { describe, expect, it } from 'vitest';
import { matchRoute, specificity } from './route.ts';

describe('matchRoute', () => {
  it('extracts named params from a template', () => {
    expect(matchRoute('/centers/{id}', '/centers/abc')).toEqual({ id: 'abc' });
  });
  it('matches literal paths with no params and ignores the query string', () => {
    expect(matchRoute('/centers', '/centers?pageSize=2')).toEqual({});
  });
  it('does not match a different number of segments or a different literal', () => {
    expect(matchRoute('/centers/{id}', '/centers')).toBeUndefined();
    expect(matchRoute('/centers/{id}', '/plans/x')).toBeUndefined();
  });
  it('decodes percent-encoded params and refuses malformed encodings', () => {
    expect(matchRoute('/centers/{id}', '/centers/a%20b')).toEqual({ id: 'a b' });
    expect(matchRoute('/centers/{id}', '/centers/%E0%A4%A')).toBeUndefined();
  });
  it('ranks templates with fewer params as more specific', () => {
    expect(specificity('/centers/mine')[0]).toBeLessThan(specificity('/centers/{id}')[0]);
  });
});

describe('matchRoute with a param and literal text in one segment', () => {
  it('binds the param and requires the literal suffix (custom methods: /items/{id}:verb)', () => {
    expect(matchRoute('/quarantine/{id}:reprocess', '/quarantine/abc:reprocess')).toEqual({ id: 'abc' });
    expect(matchRoute('/quarantine/{id}:reprocess', '/quarantine/abc:discard')).toBeUndefined();
    expect(matchRoute('/quarantine/{id}:reprocess', '/quarantine/:reprocess')).toBeUndefined();
    expect(matchRoute('/quarantine/{id}:reprocess', '/quarantine/a%2Fb:reprocess')).toEqual({ id: 'a/b' });
  });
  it('keeps literal colon routes literal', () => {
    expect(matchRoute('/quarantine:reprocess', '/quarantine:reprocess')).toEqual({});
    expect(matchRoute('/quarantine:reprocess', '/quarantine')).toBeUndefined();
  });
});
