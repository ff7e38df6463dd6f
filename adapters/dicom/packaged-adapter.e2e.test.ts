/**
 * The adapter as it ships: compiled by `npm run build` (tsconfig.build.json) and run with plain node from
 * dist/, as its container image does (adapters/dicom/Dockerfile). It must start, answer DCMTK's echoscu,
 * and take a file through to the platform.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../emulators/test/suite.ts';
import { catalogueCount, type ServiceCenter, serviceCenter, startAdapter } from './test/adapter-harness.ts';
import { type AdapterUnderTest, AE_TITLE, ROOT } from './test/adapter-process.ts';
import { runTool, storeStatuses, storescu } from './test/dcmtk-tools.ts';
import { writeStudy } from './test/study-files.ts';

const CODE = 'DCM-PACKAGED';
let center: ServiceCenter;
let adapter: AdapterUnderTest;
let dir: string;

describe('the compiled adapter (dist/)', () => {
  beforeAll(async () => {
    // npm test builds before it tests; a lone run of this file builds here.
    if (!existsSync(join(ROOT, 'dist/adapters/dicom/main.js')))
      execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    center = await serviceCenter(CODE, ['PACKAGED']);
    adapter = await startAdapter({ name: 'packaged', slot: 3, centers: [center], built: true });
    dir = mkdtempSync(join(tmpdir(), 'dicom-packaged-'));
  }, 180_000);

  afterAll(async () => {
    await adapter?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs from dist/ with node alone, answers C-ECHO and forwards a C-STORE', async () => {
    const cmdline = readFileSync(`/proc/${adapter.child.pid}/cmdline`, 'utf8').split('\0');
    expect(cmdline.slice(1).filter(Boolean)).toEqual([join(ROOT, 'dist/adapters/dicom/main.js')]);
    const echo = await runTool('echoscu', [
      '-aet',
      'PACKAGED',
      '-aec',
      AE_TITLE,
      '127.0.0.1',
      String(adapter.dimsePort),
    ]);
    expect(echo.code).toBe(0);
    const files = await writeStudy(dir, 2, 'PKG');
    const r = await storescu(adapter.dimsePort, files, [], { aet: 'PACKAGED' });
    expect(storeStatuses(r.output).map((s) => s.status)).toEqual(['Success', 'Success']);
    await eventually(
      async () => ((await catalogueCount(CODE, center.token)) === 2 ? true : undefined),
      60_000,
    );
  }, 120_000);
});
