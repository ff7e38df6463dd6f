/**
 * A center uploads a real 7-image MR series with the official CLI (`gcloud storage cp -r`), as a new user
 * would: every image is published, none refused.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, suite, token } from '../../emulators/test/suite.ts';
import { bucketName } from '../platform/config.ts';
import { PYDICOM_DATA } from './corpus/corpus-build.ts';
import { registeredCenter } from './test/imaging-harness.ts';

const CODE = 'IMG-GCLOUD';
const SERIES = join(PYDICOM_DATA, 'test_files', 'dicomdirtests', '98892003', 'MR2');
const run = promisify(execFile);

beforeAll(async () => {
  await registeredCenter(CODE);
});

describe('gcloud storage cp of a real MR series', () => {
  it('publishes all 7 images of the series, with no refusal', async () => {
    const files = readdirSync(SERIES).map((f) => join(SERIES, f));
    expect(files).toHaveLength(7);
    const uploadId = randomUUID();
    const s = suite();
    const target = `gs://${bucketName('ingest', s.projectId)}/centers/${CODE}/${uploadId}/`;
    await run('gcloud', ['storage', 'cp', '-r', ...files, target], {
      env: {
        ...process.env,
        CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE: `${s.env.STORAGE_EMULATOR_HOST}/`,
        CLOUDSDK_AUTH_DISABLE_CREDENTIALS: 'true',
        CLOUDSDK_CORE_PROJECT: s.projectId,
        CLOUDSDK_CORE_DISABLE_PROMPTS: '1',
      },
      timeout: 120_000,
    });

    const admin = await token(['admin']);
    const summary = await eventually(async () => {
      const r = await api('GET', `/uploads/${uploadId}`, { token: admin });
      const b = r.body as { received?: number; pending?: number };
      return r.status === 200 && b.received === 7 && b.pending === 0 ? b : undefined;
    }, 60_000);
    expect(summary).toMatchObject({ received: 7, anonymized: 7, rejected: 0, held: 0, reasons: {} });
  }, 180_000);
});
