/** Token seed versions: their lifecycle and the allocation of the next version. Pure. */

export type SeedStatus = 'active' | 'decrypt-only' | 'retired';

/** The one document every allocation reads and writes, so concurrent rotations serialize on it. */
export interface SeedHead {
  activeVersion: number;
  latestVersion: number;
  /** Versions that may still be used to verify, reveal or open (active + decrypt-only). */
  liveVersions: number[];
}

export interface SeedAllocation {
  version: number;
  /** The version that stops being active (it becomes decrypt-only), if there was one. */
  demoted?: number;
  head: SeedHead;
}

/** The next version after `head` (version 1 when there is none yet). */
export function allocateSeedVersion(head: SeedHead | undefined): SeedAllocation {
  if (!head) return { version: 1, head: { activeVersion: 1, latestVersion: 1, liveVersions: [1] } };
  const version = head.latestVersion + 1;
  return {
    version,
    demoted: head.activeVersion,
    head: { activeVersion: version, latestVersion: version, liveVersions: [...head.liveVersions, version] },
  };
}

export type RetireRefusal = 'active' | 'unknown' | 'already-retired';

/** Retiring removes a version from the live set; the active version can only be retired after a rotation. */
export function retireSeedVersion(head: SeedHead | undefined, version: number): SeedHead | RetireRefusal {
  if (!head || version < 1 || version > head.latestVersion) return 'unknown';
  if (version === head.activeVersion) return 'active';
  if (!head.liveVersions.includes(version)) return 'already-retired';
  return { ...head, liveVersions: head.liveVersions.filter((v) => v !== version) };
}

/** KMS AAD binding a wrapped seed to its purpose and version: a wrapped seed copied to another version fails. */
export const seedAad = (version: number): string => `token-seed:v${version}`;

/** A seed version that cannot be used: retired (revoked) or never created. */
export class SeedUnavailable extends Error {
  constructor(
    readonly version: number,
    readonly reason: 'retired' | 'unknown',
  ) {
    super(`token seed v${version} is ${reason}`);
  }
}
