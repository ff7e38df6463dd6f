import { describe, expect, it } from 'vitest';
import { allocateSeedVersion, retireSeedVersion } from './seed.ts';

describe('seed versions', () => {
  it('start at 1, then each rotation activates the next and demotes the previous', () => {
    const first = allocateSeedVersion(undefined);
    expect(first).toEqual({ version: 1, head: { activeVersion: 1, latestVersion: 1, liveVersions: [1] } });
    expect(allocateSeedVersion(first.head)).toEqual({
      version: 2,
      demoted: 1,
      head: { activeVersion: 2, latestVersion: 2, liveVersions: [1, 2] },
    });
  });

  it('retire a decrypt-only version, never the active one, an unknown one or one twice', () => {
    const head = { activeVersion: 2, latestVersion: 2, liveVersions: [1, 2] };
    expect(retireSeedVersion(head, 1)).toEqual({ ...head, liveVersions: [2] });
    expect(retireSeedVersion(head, 2)).toBe('active');
    expect(retireSeedVersion(head, 3)).toBe('unknown');
    expect(retireSeedVersion({ ...head, liveVersions: [2] }, 1)).toBe('already-retired');
  });
});
