/** Bench inputs for `npm run bench -- dicomweb`: index entries seeded straight into Firestore, a host's RSS. */
import { readdirSync, readFileSync } from 'node:fs';
import { db } from '../../platform/clients.ts';
import { DICOMWEB_INSTANCES } from '../adapters/dicomweb-index.repository.ts';
import { type DicomwebInstance, instanceKey } from '../domain/dicomweb/instance-index.ts';

const SERIES_PER_STUDY = 2;
const INSTANCES_PER_SERIES = 5;
export const PER_STUDY = SERIES_PER_STUDY * INSTANCES_PER_SERIES;

const ui = (v: string) => ({ vr: 'UI', Value: [v] });

/** Synthetic entries: `studies` studies of 2 series × 5 instances, 1 patient per 5 studies, dates over a year. */
export function seedEntries(studies: number, center: string): DicomwebInstance[] {
  const out: DicomwebInstance[] = [];
  for (let s = 0; s < studies; s++) {
    const study = `2.25.9${s}`;
    const day = new Date(Date.UTC(2023, 0, 1 + (s % 365))).toISOString().slice(0, 10).replaceAll('-', '');
    const patientId = `psn:patient_id:v1:bench${Math.floor(s / 5)}`;
    for (let r = 0; r < SERIES_PER_STUDY; r++)
      for (let i = 0; i < INSTANCES_PER_SERIES; i++) {
        const series = `${study}.${r + 1}`;
        const sop = `${series}.${i + 1}`;
        const modality = r === 0 ? 'CT' : 'MR';
        out.push({
          imageId: `00000000-0000-4000-8000-${String(out.length).padStart(12, '0')}`,
          centerCode: center,
          modality,
          region: 'chest',
          object: `images/${center}/${sop}.dcm`,
          bytes: 1000,
          transferSyntaxUid: '1.2.840.10008.1.2.1',
          study,
          series,
          sop,
          sopClass: '1.2.840.10008.5.1.4.1.1.2',
          studyDate: day,
          patientId,
          dicomModality: modality,
          bodyPart: 'CHEST',
          frames: 1,
          attrs: {
            study: {
              '00080020': { vr: 'DA', Value: [day] },
              '00100020': { vr: 'LO', Value: [patientId] },
              '0020000D': ui(study),
            },
            series: { '00080060': { vr: 'CS', Value: [modality] }, '0020000E': ui(series) },
            instance: { '00080018': ui(sop), '00280010': { vr: 'US', Value: [512] } },
          },
        });
      }
  }
  return out;
}

/** Writes entries with a BulkWriter (the emulator takes ~1,000 writes a second this way). */
export async function seedIndex(entries: readonly DicomwebInstance[]): Promise<void> {
  const writer = db().bulkWriter();
  for (const e of entries) void writer.set(db().collection(DICOMWEB_INSTANCES).doc(instanceKey(e)), e);
  await writer.close();
}

/** A process and its descendants. */
function processTree(pid: number): number[] {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((t) =>
    readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
  );
  return [pid, ...children.flatMap(processTree)];
}

/** The largest VmRSS over a process tree, MiB. */
export const rssMiB = (pid: number) =>
  Math.max(
    ...processTree(pid).map((p) => {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : 0;
    }),
  );
