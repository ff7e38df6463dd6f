/** Shapes of decoded requests and the builders of KMS response messages (camelCase, as proto-loader gives them). */
import type { StoredCryptoKey, StoredKeyRing, StoredVersion } from './kms-state.ts';

/** google.protobuf.Int64Value as decoded with `longs: String`; clients may send a number. */
export interface Int64Value {
  value: string | number;
}
/** Message-typed fields decode to null when absent. */
export type Maybe<T> = T | null | undefined;

export interface Timestamp {
  seconds: number;
  nanos: number;
}
export interface Duration {
  seconds: string | number;
  nanos?: number;
}

export function timestamp(iso: string | null): Timestamp | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 };
}

export const int64 = (n: number): Int64Value => ({ value: n });

export const durationSeconds = (d: Maybe<Duration>): number | null => (d ? Number(d.seconds) : null);

export function keyRingMessage(ring: StoredKeyRing): object {
  return { name: ring.name, createTime: timestamp(ring.createTime) };
}

export function versionMessage(v: StoredVersion): object {
  return {
    name: v.name,
    state: v.state,
    protectionLevel: v.protectionLevel,
    algorithm: v.algorithm,
    createTime: timestamp(v.createTime),
    // Keys are generated synchronously, so generation completes at creation.
    generateTime: timestamp(v.createTime),
    destroyTime: timestamp(v.destroyTime),
    destroyEventTime: timestamp(v.destroyEventTime),
  };
}

export function cryptoKeyMessage(key: StoredCryptoKey, primary: StoredVersion | null): object {
  return {
    name: key.name,
    primary: primary ? versionMessage(primary) : null,
    purpose: key.purpose,
    createTime: timestamp(key.createTime),
    versionTemplate: { protectionLevel: key.protectionLevel, algorithm: key.algorithm },
    labels: key.labels,
    destroyScheduledDuration: { seconds: key.destroyScheduledSeconds, nanos: 0 },
    rotationPeriod:
      key.rotationPeriodSeconds === null ? null : { seconds: key.rotationPeriodSeconds, nanos: 0 },
    nextRotationTime: timestamp(key.nextRotationTime),
    importOnly: false,
  };
}
