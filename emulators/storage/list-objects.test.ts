import { describe, expect, it } from 'vitest';
import { listPage, parseListQuery } from './list-objects.ts';

const names = ['a/1', 'a/2', 'a/b/3', 'a/b/4', 'a/c/5', 'b/6', 'top'];
const q = (params: Record<string, string>) => parseListQuery(new URLSearchParams(params));

describe('listPage', () => {
  it('lists names under a prefix', () => {
    expect(listPage(names, q({ prefix: 'a/b/' })).names).toEqual(['a/b/3', 'a/b/4']);
  });
  it('rolls names past the delimiter up into prefixes', () => {
    const page = listPage(names, q({ prefix: 'a/', delimiter: '/' }));
    expect(page).toEqual({ names: ['a/1', 'a/2'], prefixes: ['a/b/', 'a/c/'], nextPageToken: undefined });
  });
  it('counts prefixes toward maxResults and resumes after a prefix with the page token', () => {
    const first = listPage(names, q({ delimiter: '/', maxResults: '1' }));
    expect(first.prefixes).toEqual(['a/']);
    const second = listPage(
      names,
      q({ delimiter: '/', maxResults: '1', pageToken: first.nextPageToken as string }),
    );
    expect(second.prefixes).toEqual(['b/']);
    const third = listPage(
      names,
      q({ delimiter: '/', maxResults: '5', pageToken: second.nextPageToken as string }),
    );
    expect(third).toEqual({ names: ['top'], prefixes: [], nextPageToken: undefined });
  });
  it('honours startOffset and endOffset', () => {
    expect(listPage(names, q({ startOffset: 'a/b', endOffset: 'b' })).names).toEqual([
      'a/b/3',
      'a/b/4',
      'a/c/5',
    ]);
  });
  it('gives no token when the last page is exactly full', () => {
    expect(listPage(names, q({ prefix: 'a/b/', maxResults: '2' })).nextPageToken).toBeUndefined();
  });
  it('rejects a garbage page token and a non-numeric maxResults', () => {
    expect(() => listPage(names, q({ pageToken: 'garbage' }))).toThrow(/page token/);
    expect(() => q({ maxResults: 'ten' })).toThrow(/maxResults/);
  });
});
