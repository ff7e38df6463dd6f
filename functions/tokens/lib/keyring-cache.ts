/**
 * Seed versions unwrapped through KMS and kept in memory for a bounded time: one KMS Decrypt per
 * version per TTL, however many tokens are made. Concurrent callers share one in-flight load, and a
 * failed load is not cached. The active version is cached for the same TTL, which is how warm
 * instances pick up a rotation made elsewhere.
 */

import { generateSeed, unwrapSeed } from '../adapters/kms.adapter.ts';
import { loadHead, loadSeed, storeNextSeed } from '../adapters/seed.repository.ts';
import { type Keyring, keyringFromSeed } from '../domain/keyring.ts';
import { SeedUnavailable } from '../domain/seed.ts';

export interface KeyringCacheOptions {
  ttlMs: number;
  now?: () => number;
}

interface Cached<T> {
  value: Promise<T>;
  expires: number;
}

export interface KeyringCache {
  active(): Promise<Keyring>;
  forVersion(version: number): Promise<Keyring>;
  /** Adopts a seed this process just created, so the rotating instance switches at once without a Decrypt. */
  adopt(seed: Buffer, version: number): void;
  clear(): void;
}

/** Bootstraps version 1 when no seed exists yet; concurrent bootstraps meet in one transaction. */
async function activeVersion(): Promise<number> {
  const head = await loadHead();
  if (head) return head.activeVersion;
  return (await storeNextSeed(await generateSeed(), 'bootstrap', { onlyIfNone: true })).version;
}

async function unwrapVersion(version: number): Promise<Keyring> {
  const stored = await loadSeed(version);
  if (!stored) throw new SeedUnavailable(version, 'unknown');
  if (stored.status === 'retired') throw new SeedUnavailable(version, 'retired');
  const seed = await unwrapSeed(stored.wrapped, version);
  // The keyring holds the seed (sub-keys are derived lazily); it lives only as long as this cache entry.
  return keyringFromSeed(seed, version);
}

export function createKeyringCache(opts: KeyringCacheOptions): KeyringCache {
  const now = opts.now ?? Date.now;
  let active: Cached<number> | undefined;
  const keyrings = new Map<number, Cached<Keyring>>();

  const remember = <T>(load: () => Promise<T>, onFail: () => void): Cached<T> => {
    const value = load();
    value.catch(onFail);
    return { value, expires: now() + opts.ttlMs };
  };

  const forVersion = (version: number): Promise<Keyring> => {
    const hit = keyrings.get(version);
    if (hit && hit.expires > now()) return hit.value;
    const entry = remember(
      () => unwrapVersion(version),
      () => keyrings.get(version) === entry && keyrings.delete(version),
    );
    keyrings.set(version, entry);
    return entry.value;
  };

  return {
    async active() {
      if (!active || active.expires <= now()) {
        const entry = remember(activeVersion, () => {
          if (active === entry) active = undefined;
        });
        active = entry;
      }
      return forVersion(await active.value);
    },
    forVersion,
    adopt(seed, version) {
      const expires = now() + opts.ttlMs;
      keyrings.set(version, { value: Promise.resolve(keyringFromSeed(seed, version)), expires });
      active = { value: Promise.resolve(version), expires };
    },
    clear() {
      active = undefined;
      keyrings.clear();
    },
  };
}
