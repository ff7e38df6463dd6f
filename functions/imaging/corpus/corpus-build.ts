/**
 * The regression corpus: real third-party DICOM files (pydicom's test data, shipped by Debian's
 * python3-pydicom), their transcodings into every transfer syntax dcmtk and GDCM write, and copies with
 * identities planted where de-identifiers miss them. Built once per generator version under
 * `.local/corpus/<hash>/in`; nothing is fetched and nothing binary is committed.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join, relative } from 'node:path';

export const PYDICOM_DATA = '/usr/lib/python3/dist-packages/pydicom/data';
const root = new URL('../../..', import.meta.url).pathname;

/** Identities planted into copies: none may survive anywhere in an output. */
export const PLANTED = [
  'CANARYQ^ZELDA',
  'ZELDA CANARYQ',
  'CANARYQ',
  'MRN-CANARY-777',
  'Clinica Canaria Norte',
];

export interface CorpusFile {
  /** Path under the corpus `in/` folder. */
  id: string;
  origin: 'pydicom' | 'transcoded' | 'planted';
}

const NOT_DICOM = /\.(json|txt|dump|gz|py|pyc|md)$|README|hashes|urls/i;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return d.name === '__pycache__' ? [] : filesUnder(p);
    return NOT_DICOM.test(d.name) ? [] : [p];
  });
}

function run(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, {
    stdio: 'ignore',
    env: { ...process.env, GDCM_RESOURCES_PATH: '/usr/share/gdcm-3.0/XML' },
  });
  if (r.error)
    throw new Error(
      `${cmd} is missing: apt-get install ${cmd.startsWith('gdcm') ? 'libgdcm-tools' : 'dcmtk'}`,
    );
  return r.status === 0;
}

/** Uncompressed sources rewritten in each transfer syntax (dcmconv) and compressed losslessly (gdcmconv). */
const TRANSCODE_FROM = [
  'CT_small.dcm',
  'MR_small.dcm',
  'rtdose_1frame.dcm',
  'liver_1frame.dcm',
  'waveform_ecg.dcm',
];
const DCMCONV = { implicit: '+ti', explicit: '+te', bigendian: '+tb', deflated: '+td' };
const GDCMCONV = { jpegls: '--jpegls', j2k: '--j2k', rle: '--rle', jpeg: '--jpeg' };

/** Copies with identities where they hide: a private block, free text, a nested sequence, other IDs. */
const PLANTS: Record<string, string[]> = {
  'private-block': ['(0009,0010)=ACME 1.1', '(0009,1001)=CANARYQ^ZELDA'],
  'study-comments': ['(0032,4000)=Patient ZELDA CANARYQ came in with MRN-CANARY-777'],
  'nested-name': ['(0008,1110)[0].(0010,0010)=CANARYQ^ZELDA', '(0008,1110)[0].(0008,1155)=1.2.3.4.5.6.7.8.9'],
  'other-ids': ['(0010,1000)=MRN-CANARY-777', '(0010,1001)=CANARYQ^ZELDA'],
  institution: ['(0008,0080)=Clinica Canaria Norte', '(0008,0081)=Calle 1 CANARYQ'],
  'patient-name': ['(0010,0010)=CANARYQ^ZELDA', '(0010,0020)=MRN-CANARY-777', '(0010,0030)=19450312'],
};
const PLANT_INTO = ['CT_small.dcm', 'MR_small.dcm', 'JPEG2000.dcm', 'rtplan.dcm', 'test-SR.dcm'];

/** Builds (or reuses) the corpus; returns its `in/` folder and its files. */
export function buildCorpus(): { dir: string; files: CorpusFile[] } {
  if (!existsSync(PYDICOM_DATA)) throw new Error(`no ${PYDICOM_DATA}: apt-get install python3-pydicom`);
  const sources = filesUnder(PYDICOM_DATA).sort();
  const hash = createHash('sha256')
    .update(readFileSync(new URL(import.meta.url)))
    .update(sources.map((s) => `${s}:${statSync(s).size}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  const base = join(root, '.local/corpus', hash);
  const dir = join(base, 'in');
  const listFile = join(base, 'files.json');
  if (existsSync(listFile)) return { dir, files: JSON.parse(readFileSync(listFile, 'utf8')) as CorpusFile[] };
  rmSync(base, { recursive: true, force: true });
  const files: CorpusFile[] = [];
  const add = (id: string, origin: CorpusFile['origin']) => files.push({ id, origin });

  for (const s of sources) {
    const id = join('pydicom', relative(PYDICOM_DATA, s));
    mkdirSync(join(dir, id, '..'), { recursive: true });
    copyFileSync(s, join(dir, id));
    add(id, 'pydicom');
  }
  const testFile = (name: string) => join(PYDICOM_DATA, 'test_files', name);
  mkdirSync(join(dir, 'transcoded'), { recursive: true });
  for (const name of TRANSCODE_FROM) {
    for (const [syntax, flag] of Object.entries(DCMCONV)) {
      const id = join('transcoded', `${basename(name, '.dcm')}.${syntax}.dcm`);
      if (run('dcmconv', [flag, testFile(name), join(dir, id)])) add(id, 'transcoded');
    }
    for (const [codec, flag] of Object.entries(GDCMCONV)) {
      const id = join('transcoded', `${basename(name, '.dcm')}.${codec}.dcm`);
      if (run('gdcmconv', [flag, testFile(name), join(dir, id)])) add(id, 'transcoded');
    }
  }
  mkdirSync(join(dir, 'planted'), { recursive: true });
  for (const name of PLANT_INTO) {
    for (const [where, edits] of Object.entries(PLANTS)) {
      const id = join('planted', `${basename(name, '.dcm')}.${where}.dcm`);
      copyFileSync(testFile(name), join(dir, id));
      if (run('dcmodify', ['-nb', '-ie', ...edits.flatMap((e) => ['-i', e]), join(dir, id)]))
        add(id, 'planted');
      else rmSync(join(dir, id), { force: true });
    }
  }
  writeFileSync(listFile, JSON.stringify(files, null, 2));
  return { dir, files };
}
