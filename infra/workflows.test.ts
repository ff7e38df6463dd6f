/**
 * The workflow YAML Terraform deploys is the file the local Workflows stand-in runs, and the stand-in's parser
 * accepts it (it rejects unsupported syntax at load time, so a saga that would only work in GCP fails here).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseWorkflow } from '../emulators/workflows/parser.ts';
import { workflows } from '../functions/manifest.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = `${root}infra/workflows/`;
const yamlFiles = existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)) : [];

describe('infra/workflows', () => {
  it.each(yamlFiles)('%s loads in the local stand-in', (file) => {
    expect(() => parseWorkflow(readFileSync(`${dir}${file}`, 'utf8'), file)).not.toThrow();
  });

  it.each(Object.entries(workflows))('the manifest workflow %s is a file under infra/workflows/', (_, wf) => {
    expect(wf.source).toMatch(/^infra\/workflows\/[^/]+\.ya?ml$/);
    expect(existsSync(`${root}${wf.source}`)).toBe(true);
  });

  it('every YAML file under infra/workflows/ is a manifest workflow (nothing deployed by hand)', () => {
    expect(yamlFiles.map((f) => `infra/workflows/${f}`).sort()).toEqual(
      Object.values(workflows)
        .map((w) => w.source)
        .sort(),
    );
  });
});
