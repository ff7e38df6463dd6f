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
