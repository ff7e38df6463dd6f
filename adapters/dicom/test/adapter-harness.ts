/**
 * Shared steps for the adapter's end-to-end tests: a registered center with its service identity, the
 * adapter as a child process (its own spool, its ports derived from TEST_PORT_OFFSET), DCMTK's storescu /
 * echoscu run and parsed, a generated study, and what the platform made of it (uploads, catalogue).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureUser } from '../../../emulators/auth/users.ts';
import { answers, type Child, startChild } from '../../../emulators/suite/child-process.ts';
import { assertPortsFree } from '../../../emulators/suite/port-check.ts';
import { api, eventually, suite, token } from '../../../emulators/test/suite.ts';
import {
  canaryPhi,
  el,
  fixtureUid,
  pixelWords,
  standardElements,
  toFile,
} from '../../../functions/imaging/fixtures/dicom-fixtures.ts';
import { registeredCenter } from '../../../functions/imaging/test/imaging-harness.ts';
import type { AdapterConfigInput } from '../adapter-config.ts';
import { readAdapterPorts } from '../adapter-ports.ts';

export const ROOT = new URL('../../..', import.meta.url).pathname.replace(/\/$/, '');
export const AE_TITLE = 'SALUDTECH';
export const PORT_OFFSET = Number(process.env.TEST_PORT_OFFSET ?? 10_000);

/** Ports for test file `slot` (0–6): the adapter's DIMSE and HTTP ports, and two spare ones (Orthanc, storescp). */
export function slotPorts(slot: number) {
  const base = readAdapterPorts(PORT_OFFSET);
  return {
    dimse: base.port + slot * 10,
    http: base.httpPort + slot * 10,
    spareA: base.port + 200 + slot * 10,
    spareB: base.port + 201 + slot * 10,
  };
}

export interface ServiceCenter {
  code: string;
  centerId: string;
  email: string;
  password: string;
  callingAeTitles: string[];
  /** An ID token of a health_center user of this center, to read its uploads and images. */
  token: string;
}

/** Registers the center and creates its service identity in the Auth emulator. */
export async function serviceCenter(code: string, callingAeTitles: string[]): Promise<ServiceCenter> {
  const { centerId } = await registeredCenter(code);
  const email = `dicom-adapter@${code.toLowerCase()}.test.saludtech.example`;
  const password = randomBytes(12).toString('base64url');
  await ensureUser(suite().projectId, { email, password, roles: ['health_center'], centerId });
  const idToken = await token(['health_center'], centerId);
  return { code, centerId, email, password, callingAeTitles, token: idToken };
}

export interface LogLine {
  severity: string;
  message: string;
  [k: string]: unknown;
}

export interface AdapterUnderTest {
  child: Child;
  dimsePort: number;
  httpPort: number;
  spoolDir: string;
  /** The JSON log lines written so far. */
  lines(): LogLine[];
  /** `/metrics` as name{labels} → value. */
  metrics(): Promise<Record<string, number>>;
  stop(): Promise<void>;
  /** SIGKILL, no clean-up: the spool stays as the crash left it. */
  kill9(): Promise<void>;
}

export interface AdapterOptions {
  name: string;
  slot: number;
  centers: ServiceCenter[];
  platformUrl?: string;
  spoolDir?: string;
  spoolMaxBytes?: number;
  tls?: AdapterConfigInput['tls'];
  forward?: AdapterConfigInput['forward'];
}

/** Starts `npm run dicom-adapter` as a child with a generated config; resolves once /healthz answers. */
export async function startAdapterProcess(o: AdapterOptions): Promise<AdapterUnderTest> {
  const ports = slotPorts(o.slot);
  // A leftover adapter on these ports would answer /healthz and the test would talk to it.
  await assertPortsFree('127.0.0.1', [ports.dimse, ports.http]);
  const work = mkdtempSync(join(tmpdir(), `dicom-adapter-${o.name}-`));
  const spoolDir = o.spoolDir ?? join(work, 'spool');
  mkdirSync(spoolDir, { recursive: true });
  const config: AdapterConfigInput = {
    aeTitle: AE_TITLE,
    host: '127.0.0.1',
    port: ports.dimse,
    http: { host: '127.0.0.1', port: ports.http },
    platformUrl: o.platformUrl ?? suite().apiUrl,
    identity: { emulatorHost: suite().env.FIREBASE_AUTH_EMULATOR_HOST as string },
    centers: o.centers.map((c) => ({
      code: c.code,
      callingAeTitles: c.callingAeTitles,
      serviceAccount: { email: c.email, password: c.password },
    })),
    spool: { dir: spoolDir, ...(o.spoolMaxBytes ? { maxBytes: o.spoolMaxBytes } : {}) },
    forward: { lingerMs: 200, retryBaseMs: 200, retryMaxMs: 2000, ...o.forward },
    ...(o.tls ? { tls: o.tls } : {}),
    logLevel: 'DEBUG',
  };
  const configFile = join(work, 'config.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const child = await startChild({
    name: `dicom-adapter-${o.name}`,
    command: process.execPath,
    args: ['--import', 'tsx', join(ROOT, 'adapters/dicom/main.ts')],
    cwd: ROOT,
    env: { DICOM_ADAPTER_CONFIG: configFile },
    logDir: work,
    ready: () => answers(`http://127.0.0.1:${ports.http}/healthz`),
    timeoutMs: 30_000,
  });
  const lines = () =>
    readFileSync(child.log, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as LogLine);
  return {
    child,
    dimsePort: ports.dimse,
    httpPort: ports.http,
    spoolDir,
    lines,
    metrics: async () => {
      const text = await (await fetch(`http://127.0.0.1:${ports.http}/metrics`)).text();
      return Object.fromEntries(
        text
          .split('\n')
          .filter((l) => l && !l.startsWith('#'))
          .map((l) => {
            const at = l.lastIndexOf(' ');
            return [l.slice(0, at), Number(l.slice(at + 1))];
          }),
      );
    },
    stop: () => child.stop(),
    kill9: async () => {
      process.kill(child.pid, 'SIGKILL');
      await child.stop(); // reaps the group; nothing left to end
    },
  };
}

export interface ToolRun {
  code: number | null;
  output: string;
}

/** Runs a DCMTK tool to completion, capturing stdout and stderr together. */
export function runTool(command: string, args: string[], timeoutMs = 600_000): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const p = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    p.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    p.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('error', reject);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Per file, in sending order: the DIMSE status storescu reported (`Success`, `Error: …`), if any. */
export function storeStatuses(output: string): { file: string; status?: string }[] {
  const out: { file: string; status?: string }[] = [];
  for (const line of output.split('\n')) {
    const sending = /Sending file: (.+)$/.exec(line);
    if (sending) out.push({ file: (sending[1] as string).trim() });
    const rsp = /Received Store Response \((.+)\)\s*$/.exec(line);
    const last = out[out.length - 1];
    if (rsp && last) last.status = rsp[1];
  }
  return out;
}

/**
 * A storescu association profile (`-xf FILE Default`) as a modality is configured: CT and MR, each with
 * the uncompressed syntaxes and with JPEG lossless, JPEG-LS lossless and RLE, so each file goes as it is.
 */
export function storescuProfile(dir: string): string[] {
  const classes = ['CTImageStorage', 'MRImageStorage'];
  const syntaxes = {
    Uncompressed: ['LittleEndianExplicit', 'BigEndianExplicit', 'LittleEndianImplicit'],
    JpegLossless: ['JPEGLossless:Non-hierarchical-1stOrderPrediction'],
    JpegLs: ['JPEGLSLossless'],
    Rle: ['RLELossless'],
  };
  const contexts = classes.flatMap((c) => Object.keys(syntaxes).map((t) => `${c}\\${t}`));
  const text = [
    '[[TransferSyntaxes]]',
    ...Object.entries(syntaxes).flatMap(([name, list]) => [
      `[${name}]`,
      ...list.map((ts, i) => `TransferSyntax${i + 1} = ${ts}`),
    ]),
    '[[PresentationContexts]]',
    '[Modality]',
    ...contexts.map((c, i) => `PresentationContext${i + 1} = ${c}`),
    '[[Profiles]]',
    '[Default]',
    'PresentationContexts = Modality',
    '',
  ].join('\n');
  const path = join(dir, 'storescu.cfg');
  writeFileSync(path, text);
  return ['-xf', path, 'Default'];
}

export const storescu = (port: number, files: string[], extra: string[] = []) =>
  runTool('storescu', [
    '-v',
    '-nh',
    '-aet',
    'STORESCU',
    '-aec',
    AE_TITLE,
    ...extra,
    '127.0.0.1',
    String(port),
    ...files,
  ]);

/** The platform uploads the adapter's batches landed in (from its log lines). */
export function platformUploadIds(lines: readonly LogLine[]): string[] {
  const ids = new Set<string>();
  for (const l of lines)
    if (
      (l.message === 'stow-rs batch answered' || l.message === 'resumable upload answered') &&
      typeof l.platformUploadId === 'string'
    )
      ids.add(l.platformUploadId);
  return [...ids];
}

interface UploadView {
  received: number;
  pending: number;
  anonymized: number;
  rejected: number;
  held: number;
  reasons?: Record<string, number>;
}

/** GET /uploads/{id} for each id, once none is pending; the totals. */
export async function settledTotals(uploadIds: readonly string[], token: string, timeoutMs = 180_000) {
  const views = await eventually(
    async () => {
      const all: UploadView[] = [];
      for (const id of uploadIds) {
        const r = await api('GET', `/uploads/${id}`, { token });
        const b = r.body as UploadView;
        if (r.status !== 200 || b.pending > 0 || b.received === 0) return undefined;
        all.push(b);
      }
      return all;
    },
    timeoutMs,
    1000,
  );
  const sum = (k: 'received' | 'anonymized' | 'rejected' | 'held') => views.reduce((n, v) => n + v[k], 0);
  return {
    received: sum('received'),
    anonymized: sum('anonymized'),
    rejected: sum('rejected'),
    held: sum('held'),
  };
}

/** How many images of the center the catalogue lists (GET /images?center=, every page). */
export async function catalogueCount(code: string, token: string): Promise<number> {
  let n = 0;
  let cursor: string | undefined;
  do {
    const r = await api('GET', `/images?center=${code}&pageSize=100${cursor ? `&cursor=${cursor}` : ''}`, {
      token,
    });
    if (r.status !== 200) throw new Error(`GET /images: ${r.status} ${JSON.stringify(r.body)}`);
    const b = r.body as { items: unknown[]; nextCursor?: string };
    n += b.items.length;
    cursor = b.nextCursor;
  } while (cursor);
  return n;
}

const MR = '1.2.840.10008.5.1.4.1.1.4';
const CT = '1.2.840.10008.5.1.4.1.1.2';

/**
 * A study of `n` files in `dir` (one patient, one Study UID): CT slices in explicit VR LE, MR in implicit
 * VR LE and explicit BE, one CT multi-frame, and — through DCMTK's own encoders — one JPEG lossless, one
 * JPEG-LS and one RLE. Every file carries the canary PHI. Returns the paths in sending order.
 */
export async function writeStudy(
  dir: string,
  n: number,
  label: string,
  rows = 64,
  columns = 64,
): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const phi = canaryPhi(label);
  const study = fixtureUid(7, label.length, Date.now() % 1_000_000);
  const files: string[] = [];
  const write = (i: number, bytes: Buffer) => {
    const path = join(dir, `${String(i).padStart(4, '0')}.dcm`);
    writeFileSync(path, bytes);
    files.push(path);
    return path;
  };
  const uids = (i: number) => ({
    study,
    series: `${study}.${i % 2 === 0 ? 1 : 2}`,
    sop: `${study}.9.${i}`,
    frameOfReference: `${study}.8`,
    referencedSop: `${study}.9.${i === 1 ? 2 : 1}`,
  });
  const single = (i: number, modality: 'CT' | 'MR', frames = 1) => {
    const o = {
      phi,
      uids: uids(i),
      modality,
      rows,
      columns,
      extra: [el(0x00200013, 'IS', String(i)), ...(frames > 1 ? [el(0x00280008, 'IS', String(frames))] : [])],
    };
    return [
      ...standardElements(o, modality === 'MR' ? MR : CT),
      el(0x7fe00010, 'OW', pixelWords(rows * columns * 2 * frames)),
    ];
  };
  const encoded: { i: number; tool: string; args: string[] }[] = [];
  for (let i = 1; i <= n; i++) {
    const kind = i % 10;
    if (i === 1) write(i, toFile(single(i, 'CT', 8), 'explicit-le'));
    else if (kind === 3 || kind === 7) write(i, toFile(single(i, 'MR'), 'implicit-le'));
    else if (i === 4) write(i, toFile(single(i, 'MR'), 'explicit-be'));
    else if (i === 5 || i === 6 || i === 8) {
      const raw = join(dir, `raw-${i}.dcm`);
      writeFileSync(raw, toFile(single(i, 'MR'), 'explicit-le'));
      const tool = i === 5 ? 'dcmcjpeg' : i === 6 ? 'dcmcjpls' : 'dcmcrle';
      encoded.push({ i, tool, args: [raw, join(dir, `${String(i).padStart(4, '0')}.dcm`)] });
      files.push(join(dir, `${String(i).padStart(4, '0')}.dcm`));
    } else write(i, toFile(single(i, 'CT'), 'explicit-le'));
  }
  for (const e of encoded) {
    const r = await runTool(e.tool, e.args);
    if (r.code !== 0) throw new Error(`${e.tool} failed: ${r.output}`);
  }
  return files.sort();
}
