import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { removeDir, tempDir } from './test-helpers.ts';

describe('main.ts process entry', () => {
  it('prints the listening line, answers /_health and exits 0 on SIGTERM', async () => {
    const dataDir = tempDir();
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        main,
        '--port',
        '0',
        '--data-dir',
        dataDir,
        '--project',
        'demo-x',
        '--triggers',
        '[]',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    expect(line).toMatch(/^storage emulator listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = line.replace('storage emulator listening on ', '');
    const res = await fetch(`${url}/_health`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    removeDir(dataDir);
  });
});
