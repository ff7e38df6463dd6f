/** The contract gate `npm test` relies on: stale generated files and incompatible published changes fail it. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CenterRegisteredV1 } from '../centers/v1/center-registered.event.ts';
import type { MessageDef } from '../message.ts';
import { type Artifacts, currentArtifacts } from './artifacts.ts';
import { allMessages } from './catalog.ts';
import { checkContracts } from './check.ts';
import { currentSchemas, publish, readSnapshots } from './published.ts';
import { writeArtifacts } from './stale.ts';

const committed = {
  generatedDir: fileURLToPath(new URL('../generated', import.meta.url)),
  publishedDir: fileURLToPath(new URL('../published', import.meta.url)),
};
let artifacts: Artifacts;
const messages = allMessages();
beforeAll(async () => {
  artifacts = await currentArtifacts();
});

const temps: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'contracts-'));
  temps.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The messages, with one definition replaced by a different schema under the same type. */
const changed = (def: MessageDef, schema: z.ZodType) =>
  messages.map((m) => (m.type === def.type ? { ...m, schema } : m));

describe('the committed contracts', () => {
  it('are current and intact: regenerating in memory matches schemas/generated, every version is published', () => {
    expect(checkContracts(committed, artifacts, messages)).toEqual([]);
  });

  it('include JSON Schema and Avro for every message, an Avro index per topic and the OpenAPI document', () => {
    for (const m of messages) {
      expect(artifacts.has(`jsonschema/${m.type}.json`)).toBe(true);
      expect(artifacts.has(`avro/${m.type}.avsc`)).toBe(true);
    }
    expect(JSON.parse(artifacts.get('avro/index.json') as string)['centers.events']).toEqual([
      'saludtech.centers.registered.v1.avsc',
      'saludtech.centers.registered.v2.avsc',
    ]);
    expect(artifacts.has('openapi.json')).toBe(true);
  });
});

describe('staleness', () => {
  it('reports a generated folder that was edited by hand, lost a file or holds a leftover', () => {
    const generatedDir = temp();
    writeArtifacts(generatedDir, artifacts);
    const folders = { generatedDir, publishedDir: committed.publishedDir };
    expect(checkContracts(folders, artifacts, messages)).toEqual([]);

    writeFileSync(join(generatedDir, 'openapi.json'), '{}\n');
    rmSync(join(generatedDir, `avro/${CenterRegisteredV1.type}.avsc`));
    writeFileSync(join(generatedDir, 'jsonschema/saludtech.centers.gone.v1.json'), '{}\n');
    expect(checkContracts(folders, artifacts, messages)).toEqual([
      'generated: missing avro/saludtech.centers.registered.v1.avsc (run npm run schemas)',
      'generated: stale openapi.json (run npm run schemas)',
      'generated: unexpected jsonschema/saludtech.centers.gone.v1.json (run npm run schemas)',
    ]);
  });

  it('is repaired by writing: the folder then holds exactly the artifacts', () => {
    const generatedDir = temp();
    writeFileSync(join(generatedDir, 'leftover.json'), '{}\n');
    writeArtifacts(generatedDir, artifacts);
    expect(
      checkContracts({ generatedDir, publishedDir: committed.publishedDir }, artifacts, messages),
    ).toEqual([]);
  });
});

describe('the compatibility gate over published versions', () => {
  const withPublished = () => {
    const publishedDir = temp();
    cpSync(committed.publishedDir, publishedDir, { recursive: true });
    return { generatedDir: committed.generatedDir, publishedDir };
  };

  it('fails when a published version loses a field', () => {
    const current = changed(CenterRegisteredV1, CenterRegisteredV1.schema.omit({ city: true }));
    expect(checkContracts(withPublished(), artifacts, current)).toContain(
      'breaking: saludtech.centers.registered.v1: removed-field at city (the field no longer exists) (publish a new version with an upcaster instead)',
    );
  });

  it('fails when a published version gains a required field, and passes an optional one', () => {
    const required = changed(CenterRegisteredV1, CenterRegisteredV1.schema.extend({ region: z.string() }));
    expect(
      checkContracts(withPublished(), artifacts, required).filter((p) => p.startsWith('breaking')),
    ).toEqual([
      'breaking: saludtech.centers.registered.v1: new-required-field at region (older messages lack it) (publish a new version with an upcaster instead)',
    ]);
    const optional = changed(
      CenterRegisteredV1,
      CenterRegisteredV1.schema.extend({ region: z.string().optional() }),
    );
    expect(
      checkContracts(withPublished(), artifacts, optional).filter((p) => p.startsWith('breaking')),
    ).toEqual([]);
  });

  it('fails when a published version disappears, and when a new one is not published', () => {
    const folders = withPublished();
    const without = messages.filter((m) => m.type !== CenterRegisteredV1.type);
    expect(checkContracts(folders, artifacts, without)).toContain(
      'breaking: saludtech.centers.registered.v1: published, but no longer defined (a published version is never removed) (publish a new version with an upcaster instead)',
    );
    rmSync(join(folders.publishedDir, `${CenterRegisteredV1.type}.json`));
    expect(checkContracts(folders, artifacts, messages)).toEqual([
      'unpublished: saludtech.centers.registered.v1 (run npm run schemas -- --publish)',
    ]);
  });
});

describe('publishing', () => {
  it('snapshots new versions and never overwrites an existing snapshot', () => {
    const dir = temp();
    const first = currentSchemas([CenterRegisteredV1]);
    expect(publish(dir, first)).toEqual([join(dir, `${CenterRegisteredV1.type}.json`)]);
    const before = readFileSync(join(dir, `${CenterRegisteredV1.type}.json`), 'utf8');

    const edited = currentSchemas(
      changed(CenterRegisteredV1, CenterRegisteredV1.schema.omit({ city: true })),
    );
    const written = publish(dir, edited);
    expect(written).not.toContain(join(dir, `${CenterRegisteredV1.type}.json`));
    expect(readFileSync(join(dir, `${CenterRegisteredV1.type}.json`), 'utf8')).toBe(before);
    expect([...readSnapshots(dir).keys()].sort()).toEqual(messages.map((m) => m.type).sort());
  });
});
