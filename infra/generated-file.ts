/** The committed deploy view file and its staleness check (shared by the CLI and the test). */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const generatedFile = fileURLToPath(new URL('./generated/manifest.json', import.meta.url));

export const renderView = (view: unknown) => `${JSON.stringify(view, null, 2)}\n`;

/** Why the committed file differs from `expected`, or undefined when it is current. */
export function staleness(expected: string, file = generatedFile): string | undefined {
  if (!existsSync(file)) return `missing ${file}: run npm run infra:generate`;
  if (readFileSync(file, 'utf8') !== expected) return `stale ${file}: run npm run infra:generate`;
  return undefined;
}
