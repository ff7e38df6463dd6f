/** The anonymize benchmark's generated corpus: 200 studies × 10 small CT files and big multi-frame files. */
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
import { join } from 'node:path';
import {
  dicomFile,
  type Element,
  el,
  elementHeader,
  encodeDataset,
  fileMeta,
  sq,
  TRANSFER_SYNTAX,
} from '../fixtures/dicom-writer.ts';

export const STUDIES = 200;
export const PER_STUDY = 10;
const CT = '1.2.840.10008.5.1.4.1.1.2';
export const BIG_FRAMES = 600; // 600 × 512 KiB ≈ 315 MB
export const GIB_FRAMES = 2048; // ≈ 1.07 GB

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

/** Writes the small-file corpus once (a `.done` marker keeps it for later runs); returns the file count. */
export function smallCorpus(dir: string, studies = STUDIES): number {
  if (existsSync(`${dir}.done`))
    return readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.dcm')).length;
  rmSync(dir, { recursive: true, force: true });
  const pixels = Buffer.alloc(140 * 140 * 2);
  for (let i = 0; i < pixels.length; i += 2) pixels.writeUInt16LE((i * 7) & 0xfff, i);
  let n = 0;
  for (let study = 0; study < studies; study++) {
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

export function bigFile(path: string, frames: number): number {
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

/** Total size of the `.dcm` files under `dir`. */
export function dcmBytes(dir: string): number {
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((f) => f.endsWith('.dcm'))
    .reduce((n, f) => n + statSync(f).size, 0);
}
