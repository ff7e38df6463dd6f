import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { paginate } from './pagination.ts';

const items = Array.from({ length: 7 }, (_, i) => i);

describe('paginate', () => {
  it('walks every item exactly once by following next page tokens', () => {
    const seen: number[] = [];
    let token = '';
    do {
      const page = paginate(items, 3, token);
      expect(page.totalSize).toBe(7);
      seen.push(...page.items);
      token = page.nextPageToken;
    } while (token);
    expect(seen).toEqual(items);
  });

  it('returns everything and no token when page size is 0 (server default)', () => {
    expect(paginate(items, 0, '')).toEqual({ items, nextPageToken: '', totalSize: 7 });
  });

  it('rejects a forged page token and a negative page size', () => {
    expect(() => paginate(items, 2, 'garbage')).toThrow(
      expect.objectContaining({ code: status.INVALID_ARGUMENT }),
    );
    expect(() => paginate(items, -1, '')).toThrow(expect.objectContaining({ code: status.INVALID_ARGUMENT }));
  });
});
