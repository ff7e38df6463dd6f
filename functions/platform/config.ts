/** Process configuration: read once from the environment, validated, then passed in. */
import { z } from 'zod';

const ConfigSchema = z.object({
  projectId: z.string().min(1),
  logLevel: z.enum(['DEBUG', 'INFO', 'WARNING', 'ERROR']).default('INFO'),
  /** Largest accepted HTTP body, in bytes (commands are small; images go to buckets). */
  maxBodyBytes: z.coerce.number().int().positive().default(1_048_576),
});
export type Config = z.infer<typeof ConfigSchema>;

/** Builds the config from an environment map; throws a readable error naming the bad variables. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse({
    projectId: env.GOOGLE_CLOUD_PROJECT ?? env.GCLOUD_PROJECT,
    logLevel: env.LOG_LEVEL,
    maxBodyBytes: env.MAX_BODY_BYTES,
  });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`invalid configuration (GOOGLE_CLOUD_PROJECT, LOG_LEVEL, MAX_BODY_BYTES): ${fields}`);
  }
  return parsed.data;
}

let cached: Config | undefined;
/** The process-wide config, loaded on first use. */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}

/** Logical buckets (the names manifest storage triggers use); each deployed bucket is `<project>-<logical>`. */
export const BUCKETS = ['ingest', 'anonymized', 'quarantine'] as const;
export type LogicalBucket = (typeof BUCKETS)[number];

/** The deployed name of a logical bucket; `BUCKET_<LOGICAL>` (e.g. `BUCKET_INGEST`) overrides it. */
export function bucketName(
  logical: string,
  projectId: string = config().projectId,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return env[`BUCKET_${logical.toUpperCase()}`] ?? `${projectId}-${logical}`;
}

const KmsConfigSchema = z.object({
  location: z.string().min(1).default('global'),
  keyRing: z.string().min(1).default('saludtech-tokens'),
  /** ENCRYPT_DECRYPT key that wraps the token seeds (a key-encryption key: never leaves KMS). */
  kekKey: z.string().min(1).default('token-seed-kek'),
  /** ASYMMETRIC_SIGN key, reserved for signed tokens and attestations. */
  signingKey: z.string().min(1).default('token-signing'),
  protectionLevel: z.enum(['HSM', 'SOFTWARE']).default('HSM'),
  /** How long an unwrapped seed stays in memory; warm instances see a rotation within this time. */
  seedCacheTtlSeconds: z.coerce.number().int().positive().max(3600).default(300),
});
/** The token key hierarchy's Cloud KMS names, as infra declares them. */
export type KmsConfig = z.infer<typeof KmsConfigSchema>;

/** KMS names from `KMS_LOCATION`, `KMS_KEY_RING`, `KMS_KEK_KEY`, `KMS_SIGNING_KEY`, `KMS_PROTECTION_LEVEL`, `TOKEN_SEED_CACHE_TTL_SECONDS`. */
export function loadKmsConfig(env: NodeJS.ProcessEnv = process.env): KmsConfig {
  const parsed = KmsConfigSchema.safeParse({
    location: env.KMS_LOCATION,
    keyRing: env.KMS_KEY_RING,
    kekKey: env.KMS_KEK_KEY,
    signingKey: env.KMS_SIGNING_KEY,
    protectionLevel: env.KMS_PROTECTION_LEVEL,
    seedCacheTtlSeconds: env.TOKEN_SEED_CACHE_TTL_SECONDS,
  });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`invalid KMS configuration: ${fields}`);
  }
  return parsed.data;
}

let kmsCached: KmsConfig | undefined;
/** The process-wide KMS config, loaded on first use. */
export function kmsConfig(): KmsConfig {
  kmsCached ??= loadKmsConfig();
  return kmsCached;
}
