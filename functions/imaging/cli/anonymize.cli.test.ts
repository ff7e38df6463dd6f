import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baseDataset, file } from '../domain/dicom/test/support.ts';

const cli = new URL('./anonymize.cli.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'anonymize-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const runCli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8' });

// Each call starts node with the TypeScript loader (and two workers): seconds, not milliseconds.
describe('saludtech-anonymize', { timeout: 60_000 }, () => {
  it('writes anonymized files at the same relative path, never a rejected one, and reports every input', () => {
    const input = join(dir, 'in');
    mkdirSync(join(input, 'study', 'series'), { recursive: true });
    writeFileSync(join(input, 'study', 'series', 'a.dcm'), file(baseDataset()));
    writeFileSync(join(input, 'notes.txt'), 'not an image, plainly');
    writeFileSync(join(input, 'empty.dcm'), '');
    const out = join(dir, 'out');
    const report = join(dir, 'report.jsonl');
    const r = runCli(
      '--in',
      input,
      '--out',
      out,
      '--report',
      report,
      '--keys',
      join(dir, 'keys.json'),
      '--workers',
      '2',
    );
    expect(r.status).toBe(0);
    expect(existsSync(join(out, 'study', 'series', 'a.dcm'))).toBe(true);
    expect(existsSync(join(out, 'notes.txt'))).toBe(false);
    expect(existsSync(join(out, 'empty.dcm'))).toBe(false);
    const lines = readFileSync(report, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { path: 'empty.dcm', status: 'rejected', reason: 'empty-file', detail: expect.any(String) },
      { path: 'notes.txt', status: 'rejected', reason: 'not-an-image', detail: expect.any(String) },
      { path: join('study', 'series', 'a.dcm'), status: 'anonymized' },
    ]);
    // Each refusal says what a person can act on, without repeating anything from the file.
    for (const line of lines.filter((l) => l.status === 'rejected'))
      expect(line.detail.length).toBeGreaterThan(5);
    expect(JSON.parse(readFileSync(join(dir, 'keys.json'), 'utf8')).warning).toMatch(/NOT FOR PRODUCTION/);
  });

  it('exits 2 on usage errors and 1 when the input is not a directory', () => {
    expect(runCli('--out', dir).status).toBe(2);
    expect(
      runCli('--in', join(dir, 'missing'), '--out', join(dir, 'x'), '--keys', join(dir, 'keys.json')).status,
    ).toBe(1);
  });
});
