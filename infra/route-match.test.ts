/** Route templates become load balancer matches, and literal routes are evaluated before templates. */
import { describe, expect, it } from 'vitest';
import { prioritized, routeMatch } from './route-match.ts';

describe('routeMatch', () => {
  it('matches a literal path exactly, colons included', () => {
    expect(routeMatch('/tokens:tokenize')).toEqual({ kind: 'full', value: '/tokens:tokenize' });
  });

  it('uses a path template when every variable is a whole segment', () => {
    expect(routeMatch('/images/{id}/download')).toEqual({ kind: 'template', value: '/images/{id}/download' });
  });

  it('falls back to an anchored RE2 regex when a segment mixes a variable and text', () => {
    const m = routeMatch('/centers/{id}:suspend');
    expect(m).toEqual({ kind: 'regex', value: '^/centers/[^/]+:suspend$' });
    expect(new RegExp(m.value).test('/centers/abc:suspend')).toBe(true);
    expect(new RegExp(m.value).test('/centers/a/b:suspend')).toBe(false);
  });
});

describe('prioritized', () => {
  it('puts literals first, then more literal characters first, with unique priorities', () => {
    const routes = prioritized([
      { name: 'get', method: 'GET', path: '/centers/{id}' },
      { name: 'mine', method: 'GET', path: '/centers/mine' },
      { name: 'download', method: 'GET', path: '/centers/{id}/download' },
      { name: 'suspend', method: 'POST', path: '/centers/{id}:suspend' },
    ] as const);
    expect(routes.map((r) => r.name)).toEqual(['mine', 'download', 'get', 'suspend']);
    expect(routes.map((r) => r.priority)).toEqual([1, 2, 3, 4]);
  });

  it('gives one path served by two methods (DICOMweb search and store) a rule per method', () => {
    const routes = prioritized([
      { name: 'store', method: 'POST', path: '/dicomweb/studies' },
      { name: 'search', method: 'GET', path: '/dicomweb/studies' },
      { name: 'store-study', method: 'POST', path: '/dicomweb/studies/{study}' },
      { name: 'retrieve-study', method: 'GET', path: '/dicomweb/studies/{study}' },
    ] as const);
    expect(routes.map((r) => [r.name, r.method, r.match.kind])).toEqual([
      ['search', 'GET', 'full'],
      ['store', 'POST', 'full'],
      ['retrieve-study', 'GET', 'template'],
      ['store-study', 'POST', 'template'],
    ]);
    expect(new Set(routes.map((r) => r.priority)).size).toBe(4);
  });
});
