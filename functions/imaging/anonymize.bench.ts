/**
 * anonymize: our compiled CLI vs gdcmanon (dumb and basic-profile modes), a dcmodify baseline and cp,
 * on one generated corpus: ≥ 2,000 small DICOM files (≈ 40 KB, 200 studies) and one ≥ 300 MB
 * multi-frame file; plus our peak RSS on a 1 GB file. Figures are wall time per command, peak RSS from
 * /usr/bin/time -v. Only ratios measured in the same run are meaningful.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Benchmark, Figures } from '../../bench/bench.types.ts';
import {
  dicomFile,
  type Element,
  el,
  elementHeader,
  encodeDataset,
  fileMeta,
  sq,
  TRANSFER_SYNTAX,
} from './fixtures/dicom-writer.ts';

const root = new URL('../..', import.meta.url).pathname;
const corpus = join(root, '.local/bench-corpus/anonymize');
const work = join(root, '.local/bench-work/anonymize');
const cli = join(root, 'dist/functions/imaging/cli/anonymize.cli.js');
const STUDIES = 200;
const PER_STUDY = 10;
const CT = '1.2.840.10008.5.1.4.1.1.2';
const BIG_FRAMES = 600; // 600 × 512 KiB ≈ 315 MB
const GIB_FRAMES = 2048; // ≈ 1.07 GB

function header(
  study: number,
  series: number,
  instance: number,
  frames: number,
  rows: number,
  cols: number,
): Element[] {
  const patient = study % 100;
  const uid = (kind: number) => `1.2.826.0.1.3680043.10.1499.9.${kind}.${study}.${series}.${instance}`;
  return [
    el(0x00080005, 'CS', 'ISO_IR 100'),
    el(0x00080008, 'CS', 'ORIGINAL\\PRIMARY\\AXIAL'),
    el(0x00080016, 'UI', CT),
    el(0x00080018, 'UI', uid(3)),
    el(0x00080020, 'DA', `2024${String((study % 12) + 1).padStart(2, '0')}15`),
    el(0x00080030, 'TM', '101530'),
    el(0x00080050, 'SH', `ACC${study}`),
    el(0x00080060, 'CS', 'CT'),
    el(0x00080070, 'LO', 'BenchVendor'),
    el(0x00080080, 'LO', `Hospital Benchmark ${study % 7}`),
    el(0x00080090, 'PN', `Referrer^Doctora${study % 13}`),
    el(0x00081010, 'SH', `STATION${study % 5}`),
    el(0x00081030, 'LO', 'TORAX SIMPLE'),
    el(0x0008103e, 'LO', `Serie ${series}`),
    el(0x00081070, 'PN', 'Operadora^Ana'),
    sq(0x00081140, [[el(0x00081150, 'UI', CT), el(0x00081155, 'UI', uid(4))]]),
    el(0x00091010, 'LO', 'BENCH PRIVATE'),
    el(0x00091011, 'LO', `Paciente${patient}^Nombre`),
    el(0x00100010, 'PN', `Paciente${patient}^Nombre${patient}`),
    el(0x00100020, 'LO', `MRN-${100000 + patient}`),
    el(0x00100030, 'DA', `19${50 + (patient % 40)}0312`),
    el(0x00100040, 'CS', patient % 2 ? 'F' : 'M'),
    el(0x00101010, 'AS', '054Y'),
    el(0x00180015, 'CS', 'CHEST'),
    el(0x00181030, 'LO', 'Protocolo torax'),
    el(0x0020000d, 'UI', `1.2.826.0.1.3680043.10.1499.9.1.${study}`),
    el(0x0020000e, 'UI', `1.2.826.0.1.3680043.10.1499.9.2.${study}.${series}`),
    el(0x00200013, 'IS', String(instance)),
    el(0x00200052, 'UI', `1.2.826.0.1.3680043.10.1499.9.5.${study}`),
    el(0x00204000, 'LT', `Comentario de Paciente${patient}`),
    el(0x00280002, 'US', [1]),
    el(0x00280004, 'CS', 'MONOCHROME2'),
    ...(frames > 1 ? [el(0x00280008, 'IS', String(frames))] : []),
    el(0x00280010, 'US', [rows]),
    el(0x00280011, 'US', [cols]),
    el(0x00280100, 'US', [16]),
    el(0x00280101, 'US', [12]),
    el(0x00280102, 'US', [11]),
    el(0x00280103, 'US', [0]),
  ];
}

function smallCorpus(dir: string): number {
  if (existsSync(`${dir}.done`))
    return readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.dcm')).length;
  rmSync(dir, { recursive: true, force: true });
  const pixels = Buffer.alloc(140 * 140 * 2);
  for (let i = 0; i < pixels.length; i += 2) pixels.writeUInt16LE((i * 7) & 0xfff, i);
  let n = 0;
  for (let study = 0; study < STUDIES; study++) {
    const studyDir = join(dir, `study-${String(study).padStart(3, '0')}`);
    mkdirSync(studyDir, { recursive: true });
    for (let i = 0; i < PER_STUDY; i++) {
      const ds = [...header(study, 1, i + 1, 1, 140, 140), el(0x7fe00010, 'OW', pixels)];
      const sop = `1.2.826.0.1.3680043.10.1499.9.3.${study}.1.${i + 1}`;
      const file = dicomFile(encodeDataset(ds, 'explicit-le'), {
        sopClassUid: CT,
        sopInstanceUid: sop,
        transferSyntaxUid: TRANSFER_SYNTAX.explicitLittleEndian,
      });
      const fd = openSync(join(studyDir, `img-${i}.dcm`), 'w');
      writeSync(fd, file);
      closeSync(fd);
      n++;
    }
  }
  closeSync(openSync(`${dir}.done`, 'w'));
  return n;
}

/** A multi-frame file written frame by frame (never whole in memory). */
function bigFile(path: string, frames: number): number {
  const frameBytes = 512 * 512 * 2;
  const size = frames * frameBytes;
  if (existsSync(path) && statSync(path).size > size) return statSync(path).size;
  mkdirSync(join(path, '..'), { recursive: true });
  const sop = `1.2.826.0.1.3680043.10.1499.9.3.big.${frames}`;
  const dataset = encodeDataset(header(9999, 1, 1, frames, 512, 512), 'explicit-le');
  const fd = openSync(path, 'w');
  writeSync(
    fd,
    Buffer.concat([
      Buffer.alloc(128),
      Buffer.from('DICM'),
      fileMeta(CT, sop, TRANSFER_SYNTAX.explicitLittleEndian),
    ]),
  );
  writeSync(fd, dataset);
  writeSync(fd, elementHeader(0x7fe00010, 'OW', size, 'explicit-le'));
  const frame = Buffer.alloc(frameBytes);
  for (let f = 0; f < frames; f++) {
    frame.fill(f & 0xff);
    writeSync(fd, frame);
  }
  closeSync(fd);
  return statSync(path).size;
}

interface Run {
  seconds: number;
  /** User + system CPU seconds: a fairer comparison than wall time on a loaded machine. */
  cpuSeconds: number;
  rssMiB: number;
  ok: boolean;
}

/** Runs a command under /usr/bin/time -v: wall seconds and peak RSS. */
function timed(cmd: string, args: string[], cwd = root): Run {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '');
  const cpu = ['User', 'System'].reduce(
    (n, kind) =>
      n + Number(new RegExp(`${kind} time \\(seconds\\): ([\\d.]+)`).exec(r.stderr ?? '')?.[1] ?? Number.NaN),
    0,
  );
  if (r.status !== 0)
    console.error(`  ${cmd} exited ${r.status}: ${(r.stderr ?? '').split('\n').slice(0, 3).join(' | ')}`);
  return { seconds, cpuSeconds: cpu, rssMiB: rss ? Number(rss[1]) / 1024 : Number.NaN, ok: r.status === 0 };
}

const fresh = (dir: string) => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
};

function ensureBuilt(): void {
  console.log('  building dist/ (tsc -p tsconfig.build.json)…');
  spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'ignore' });
  if (!existsSync(cli))
    throw new Error('dist/functions/imaging/cli/anonymize.cli.js missing after the build');
}

function certificate(): string {
  const dir = join(work, 'cert');
  const cert = join(dir, 'cert.pem');
  if (!existsSync(cert)) {
    mkdirSync(dir, { recursive: true });
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=bench',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
  }
  return cert;
}

const DUMB = [
  '--dumb',
  '--empty',
  '10,10',
  '--replace',
  '10,20=ANON',
  '--remove',
  '10,30',
  '--remove',
  '8,80',
  '--remove',
  '8,90',
  '--remove',
  '20,4000',
];

const bench: Benchmark = {
  name: 'anonymize',
  description: `${STUDIES * PER_STUDY} small files and one ${BIG_FRAMES}-frame file: our CLI vs gdcmanon, dcmodify, cp`,
  async run() {
    ensureBuilt();
    const smallDir = join(corpus, 'small');
    const bigDir = join(corpus, 'big');
    const files = smallCorpus(smallDir);
    const bigBytes = bigFile(join(bigDir, 'multiframe.dcm'), BIG_FRAMES);
    const smallBytes = readdirSync(smallDir, { recursive: true })
      .map((f) => join(smallDir, String(f)))
      .filter((f) => f.endsWith('.dcm'))
      .reduce((n, f) => n + statSync(f).size, 0);
    const keys = join(work, 'dev-keys.json');
    const cert = certificate();
    const env = { GDCM_RESOURCES_PATH: '/usr/share/gdcm-3.0/XML' };
    Object.assign(process.env, env);
    const figures: Figures = {};
    const small = (name: string, run: Run) => {
      figures[`small.${name}.filesPerSec`] = { value: files / run.seconds, unit: 'files/s' };
      figures[`small.${name}.peakRss`] = { value: run.rssMiB, unit: 'MiB' };
      figures[`small.${name}.cpuSeconds`] = { value: run.cpuSeconds, unit: 's' };
      return run;
    };
    const big = (name: string, run: Run) => {
      figures[`big.${name}.MBps`] = { value: bigBytes / 1e6 / run.seconds, unit: 'MB/s' };
      figures[`big.${name}.peakRss`] = { value: run.rssMiB, unit: 'MiB' };
      figures[`big.${name}.cpuSeconds`] = { value: run.cpuSeconds, unit: 's' };
      return run;
    };

    console.log(
      `  corpus: ${files} small files (${(smallBytes / 1e6).toFixed(1)} MB), big file ${(bigBytes / 1e6).toFixed(0)} MB`,
    );
    const oursSmall = small(
      'ours',
      timed('node', [
        cli,
        '--in',
        smallDir,
        '--out',
        fresh(join(work, 'ours-small')),
        '--report',
        join(work, 'ours-small.jsonl'),
        '--keys',
        keys,
      ]),
    );
    const gdcmBasicSmall = small(
      'gdcmanonBasic',
      timed('gdcmanon', [
        '-e',
        '--continue',
        '-c',
        cert,
        '-r',
        '-i',
        smallDir,
        '-o',
        fresh(join(work, 'gdcm-basic-small')),
      ]),
    );
    small(
      'gdcmanonDumb',
      timed('gdcmanon', [
        ...DUMB,
        '--continue',
        '-r',
        '-i',
        smallDir,
        '-o',
        fresh(join(work, 'gdcm-dumb-small')),
      ]),
    );
    const dcmodifyDir = fresh(join(work, 'dcmodify-small'));
    execFileSync('cp', ['-r', `${smallDir}/.`, dcmodifyDir]);
    const rels = readdirSync(dcmodifyDir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.dcm'));
    small(
      'dcmodify',
      timed(
        'dcmodify',
        [
          '-nb',
          '-ma',
          '(0010,0010)=ANON',
          '-ma',
          '(0010,0020)=ANON',
          '-ea',
          '(0010,0030)',
          '-ea',
          '(0008,0080)',
          ...rels,
        ],
        dcmodifyDir,
      ),
    );
    const cpSmall = small('cp', timed('cp', ['-r', smallDir, join(fresh(join(work, 'cp-small')), 'x')]));
    figures['small.ours.MBps'] = { value: smallBytes / 1e6 / oursSmall.seconds, unit: 'MB/s' };

    const oursBig = big(
      'ours',
      timed('node', [
        cli,
        '--in',
        bigDir,
        '--out',
        fresh(join(work, 'ours-big')),
        '--keys',
        keys,
        '--workers',
        '1',
      ]),
    );
    const gdcmBasicBig = big(
      'gdcmanonBasic',
      timed('gdcmanon', [
        '-e',
        '-c',
        cert,
        '-i',
        join(bigDir, 'multiframe.dcm'),
        '-o',
        join(fresh(join(work, 'gdcm-basic-big')), 'out.dcm'),
      ]),
    );
    big(
      'gdcmanonDumb',
      timed('gdcmanon', [
        ...DUMB,
        '-i',
        join(bigDir, 'multiframe.dcm'),
        '-o',
        join(fresh(join(work, 'gdcm-dumb-big')), 'out.dcm'),
      ]),
    );
    const cpBig = big(
      'cp',
      timed('cp', [join(bigDir, 'multiframe.dcm'), join(fresh(join(work, 'cp-big')), 'out.dcm')]),
    );

    const gibDir = join(corpus, 'gib');
    const gibBytes = bigFile(join(gibDir, 'gib.dcm'), GIB_FRAMES);
    const oursGib = timed('node', [
      cli,
      '--in',
      gibDir,
      '--out',
      fresh(join(work, 'ours-gib')),
      '--keys',
      keys,
      '--workers',
      '1',
    ]);
    figures['gib.ours.peakRss'] = { value: oursGib.rssMiB, unit: 'MiB' };
    figures['gib.ours.MBps'] = { value: gibBytes / 1e6 / oursGib.seconds, unit: 'MB/s' };
    rmSync(join(work, 'ours-gib'), { recursive: true, force: true });

    figures['ratio.small.oursVsGdcmanonBasic'] = {
      value: gdcmBasicSmall.seconds / oursSmall.seconds,
      unit: '× (target ≥ 3)',
    };
    figures['ratio.small.cpu.oursVsGdcmanonBasic'] = {
      value: gdcmBasicSmall.cpuSeconds / oursSmall.cpuSeconds,
      unit: '× (CPU time)',
    };
    figures['ratio.big.cpu.oursVsGdcmanonBasic'] = {
      value: gdcmBasicBig.cpuSeconds / oursBig.cpuSeconds,
      unit: '× (CPU time)',
    };
    figures['machine.loadAverage1m'] = { value: loadavg()[0] ?? Number.NaN, unit: '' };
    figures['ratio.small.oursVsCp'] = { value: cpSmall.seconds / oursSmall.seconds, unit: '×' };
    figures['ratio.big.oursVsGdcmanonBasic'] = {
      value: gdcmBasicBig.seconds / oursBig.seconds,
      unit: '× (target ≥ 3)',
    };
    figures['ratio.big.oursVsCp'] = { value: cpBig.seconds / oursBig.seconds, unit: '× (target ≥ 0.25)' };
    figures['target.gibRssUnder256MiB'] = { value: oursGib.rssMiB < 256 ? 1 : 0, unit: 'yes=1' };
    const report = readdirSync(work).includes('ours-small.jsonl')
      ? spawnSync('grep', ['-c', '"rejected"', join(work, 'ours-small.jsonl')], {
          encoding: 'utf8',
        }).stdout.trim()
      : '?';
    figures['small.ours.rejected'] = { value: Number(report) || 0, unit: 'files' };
    // Outputs weigh ~1.5 GB; the corpus under .local/bench-corpus is kept for the next run.
    for (const d of readdirSync(work))
      if (d !== 'cert' && !d.endsWith('.jsonl')) rmSync(join(work, d), { recursive: true, force: true });
    return figures;
  },
};

export default bench;
