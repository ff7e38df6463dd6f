/**
 * Local development keys for the CLI: a token seed in `.local/dev-keys.json`, generated on first use.
 * NOT FOR PRODUCTION — deployed functions unwrap their seed from KMS; these keys only make local runs
 * repeatable (same input + same file → byte-identical output).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface DevKeys {
  warning: string;
  version: number;
  seed: string;
}

/** Checked by hand: loading a schema library would cost the CLI more start-up time than a whole batch. */
function parseDevKeys(json: unknown): DevKeys {
  const k = json as Partial<DevKeys> | null;
  if (
    typeof k !== 'object' ||
    k === null ||
    typeof k.warning !== 'string' ||
    !Number.isInteger(k.version) ||
    (k.version as number) < 1 ||
    typeof k.seed !== 'string' ||
    Buffer.from(k.seed, 'base64').length !== 32
  ) {
    throw new Error('dev keys file needs {warning, version (positive integer), seed (32-byte base64)}');
  }
  return k as DevKeys;
}

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
  const keys = parseDevKeys(JSON.parse(readFileSync(path, 'utf8')));
  return { seed: Buffer.from(keys.seed, 'base64'), version: keys.version };
}
