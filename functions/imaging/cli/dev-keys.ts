/**
 * Local development keys for the CLI: a token seed in `.local/dev-keys.json`, generated on first use.
 * NOT FOR PRODUCTION — deployed functions unwrap their seed from KMS; these keys only make local runs
 * repeatable (same input + same file → byte-identical output).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const DevKeys = z.object({
  warning: z.string(),
  version: z.number().int().positive(),
  seed: z.string().refine((s) => Buffer.from(s, 'base64').length === 32, 'a 32-byte base64 seed'),
});
export type DevKeys = z.infer<typeof DevKeys>;

export const DEFAULT_DEV_KEYS = '.local/dev-keys.json';

/** Reads the dev keys at `path`, creating them (mode 0600) when the file does not exist yet. */
export function loadDevKeys(path: string): { seed: Buffer; version: number } {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    const fresh: DevKeys = {
      warning: 'NOT FOR PRODUCTION: local development token seed for the anonymize CLI',
      version: 1,
      seed: randomBytes(32).toString('base64'),
    };
    writeFileSync(path, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  }
  const keys = DevKeys.parse(JSON.parse(readFileSync(path, 'utf8')));
  return { seed: Buffer.from(keys.seed, 'base64'), version: keys.version };
}
