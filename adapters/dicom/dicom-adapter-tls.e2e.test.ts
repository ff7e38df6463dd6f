/**
 * The adapter's TLS option (PS3.15 Annex B secure transport) with DCMTK as the sender: a certificate made
 * here with openssl, echoscu and storescu over TLS trusting it (`+tla +cf`), a plain-TCP sender refused,
 * and the instance sent over TLS catalogued like any other.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../emulators/test/suite.ts';
import { catalogueCount, type ServiceCenter, serviceCenter, startAdapter } from './test/adapter-harness.ts';
import { type AdapterUnderTest, AE_TITLE } from './test/adapter-process.ts';
import { runTool, storeStatuses, storescu } from './test/dcmtk-tools.ts';
import { writeStudy } from './test/study-files.ts';

const CODE = 'DCM-TLS';
let center: ServiceCenter;
let adapter: AdapterUnderTest;
let dir: string;
let cert: string;

describe('the adapter over TLS', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dicom-tls-'));
    const key = join(dir, 'key.pem');
    cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-keyout',
        key,
        '-out',
        cert,
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    center = await serviceCenter(CODE, ['TLSSCU']);
    adapter = await startAdapter({
      name: 'tls',
      slot: 4,
      centers: [center],
      tls: { keyFile: key, certFile: cert },
    });
  }, 120_000);

  afterAll(async () => {
    await adapter?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers C-ECHO over TLS to a sender that trusts its certificate', async () => {
    const r = await runTool('echoscu', [
      '-v',
      '+tla',
      '+cf',
      cert,
      '-aet',
      'TLSSCU',
      '-aec',
      AE_TITLE,
      '127.0.0.1',
      String(adapter.dimsePort),
    ]);
    expect(r.output).toContain('Received Echo Response (Success)');
    expect(r.code).toBe(0);
  });

  it('does not talk DIMSE in the clear on its TLS port', async () => {
    const r = await runTool(
      'echoscu',
      ['-aet', 'TLSSCU', '-aec', AE_TITLE, '127.0.0.1', String(adapter.dimsePort)],
      30_000,
    );
    expect(r.code).not.toBe(0);
  });

  it('takes a C-STORE over TLS through to the catalogue', async () => {
    const files = await writeStudy(join(dir, 'study'), 2, 'TLS');
    const r = await storescu(adapter.dimsePort, files, ['+tla', '+cf', cert], { aet: 'TLSSCU' });
    expect(storeStatuses(r.output).map((s) => s.status)).toEqual(['Success', 'Success']);
    await eventually(
      async () => ((await catalogueCount(CODE, center.token)) === 2 ? true : undefined),
      60_000,
    );
  }, 120_000);
});
