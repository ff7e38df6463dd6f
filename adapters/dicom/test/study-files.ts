/** Generated studies for the adapter's tests and bench: one patient's canary PHI, mixed transfer syntaxes. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  canaryPhi,
  el,
  fixtureUid,
  pixelWords,
  standardElements,
  toFile,
} from '../../../functions/imaging/fixtures/dicom-fixtures.ts';
import { runTool } from './dcmtk-tools.ts';

const MR = '1.2.840.10008.5.1.4.1.1.4';
const CT = '1.2.840.10008.5.1.4.1.1.2';

/** The elements of instance `i` of a generated study (`pixelBytes` below the image's size: a corrupt one). */
function instanceElements(o: {
  i: number;
  modality: 'CT' | 'MR';
  study: string;
  phi: ReturnType<typeof canaryPhi>;
  rows: number;
  columns: number;
  frames: number;
  pixelBytes?: number;
}) {
  const { i, study, rows, columns, frames } = o;
  const uids = {
    study,
    series: `${study}.${i % 2 === 0 ? 1 : 2}`,
    sop: `${study}.9.${i}`,
    frameOfReference: `${study}.8`,
    referencedSop: `${study}.9.${i === 1 ? 2 : 1}`,
  };
  const fixture = {
    phi: o.phi,
    uids,
    modality: o.modality,
    rows,
    columns,
    extra: [el(0x00200013, 'IS', String(i)), ...(frames > 1 ? [el(0x00280008, 'IS', String(frames))] : [])],
  };
  return [
    ...standardElements(fixture, o.modality === 'MR' ? MR : CT),
    el(0x7fe00010, 'OW', pixelWords(o.pixelBytes ?? rows * columns * 2 * frames)),
  ];
}

/**
 * A CT file DCMTK sends without complaint but whose Pixel Data is a tenth of what its pixel module
 * describes (a modality's truncated write): well-formed encoding, corrupt content.
 */
export function writeTruncatedInstance(path: string, label: string): string {
  const study = fixtureUid(7, label.length + 50, Date.now() % 1_000_000);
  const elements = instanceElements({
    i: 1,
    modality: 'CT',
    study,
    phi: canaryPhi(label),
    rows: 64,
    columns: 64,
    frames: 1,
    pixelBytes: 820,
  });
  writeFileSync(path, toFile(elements, 'explicit-le'));
  return path;
}

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
  const single = (i: number, modality: 'CT' | 'MR', frames = 1) =>
    instanceElements({ i, modality, study, phi, rows, columns, frames });
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
