/** Rate-limit settings: per user (token subject) and route class, per minute; read once from the environment. */
import { z } from 'zod';

const Schema = z.object({
  enabled: z.stringbool().default(true),
  commandsPerMinute: z.coerce.number().int().positive().default(100),
  queriesPerMinute: z.coerce.number().int().positive().default(600),
});
export type RateLimitConfig = z.infer<typeof Schema>;

/** `RATE_LIMIT_ENABLED`, `RATE_LIMIT_COMMANDS_PER_MINUTE`, `RATE_LIMIT_QUERIES_PER_MINUTE`. */
export function loadRateLimitConfig(env: NodeJS.ProcessEnv = process.env): RateLimitConfig {
  const parsed = Schema.safeParse({
    enabled: env.RATE_LIMIT_ENABLED,
    commandsPerMinute: env.RATE_LIMIT_COMMANDS_PER_MINUTE,
    queriesPerMinute: env.RATE_LIMIT_QUERIES_PER_MINUTE,
  });
  if (!parsed.success)
    throw new Error(
      `invalid rate-limit configuration: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
    );
  return parsed.data;
}

/**
 * What a local suite runs with, unless the caller's environment says otherwise: `dev` (npm start) has the
 * production defaults; test suites allow 100× more, so many tests sharing one token never trip it while the
 * limiter still runs on every request; benches turn it off, so they measure the functions, not the limiter.
 */
export function rateLimitSuiteEnv(
  suiteName: string,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const defaults: Record<string, string> = suiteName.startsWith('test')
    ? { RATE_LIMIT_COMMANDS_PER_MINUTE: '10000', RATE_LIMIT_QUERIES_PER_MINUTE: '60000' }
    : suiteName === 'bench'
      ? { RATE_LIMIT_ENABLED: 'false' }
      : {};
  for (const key of ['RATE_LIMIT_ENABLED', 'RATE_LIMIT_COMMANDS_PER_MINUTE', 'RATE_LIMIT_QUERIES_PER_MINUTE'])
    if (env[key] !== undefined) defaults[key] = env[key] as string;
  return defaults;
}
