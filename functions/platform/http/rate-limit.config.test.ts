import { describe, expect, it } from 'vitest';
import { loadRateLimitConfig, rateLimitSuiteEnv } from './rate-limit.config.ts';
import { shardsFor } from './rate-limit.ts';

describe('rate-limit configuration', () => {
  it('defaults to 100 commands and 600 queries per minute, enabled', () => {
    expect(loadRateLimitConfig({})).toEqual({ enabled: true, commandsPerMinute: 100, queriesPerMinute: 600 });
    expect(
      loadRateLimitConfig({ RATE_LIMIT_ENABLED: 'false', RATE_LIMIT_QUERIES_PER_MINUTE: '5' }),
    ).toMatchObject({
      enabled: false,
      queriesPerMinute: 5,
    });
    expect(() => loadRateLimitConfig({ RATE_LIMIT_COMMANDS_PER_MINUTE: '-1' })).toThrow(/commandsPerMinute/);
  });
  it('raises limits in test suites, disables them in benches, and lets the environment win', () => {
    expect(rateLimitSuiteEnv('dev', {})).toEqual({});
    expect(rateLimitSuiteEnv('test-15000', {})).toMatchObject({ RATE_LIMIT_COMMANDS_PER_MINUTE: '10000' });
    expect(rateLimitSuiteEnv('bench', {})).toEqual({ RATE_LIMIT_ENABLED: 'false' });
    expect(rateLimitSuiteEnv('bench', { RATE_LIMIT_ENABLED: 'true' })).toEqual({
      RATE_LIMIT_ENABLED: 'true',
    });
  });
  it('spreads a window over one shard per 60 requests/min (about one write per second per document)', () => {
    expect(shardsFor(60)).toBe(1);
    expect(shardsFor(100)).toBe(2);
    expect(shardsFor(600)).toBe(10);
    expect(shardsFor(60_000)).toBe(16);
  });
});
