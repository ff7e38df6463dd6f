/**
 * A real PACS pushes to our STOW-RS: Orthanc (Debian `orthanc` + `orthanc-dicomweb`), started here on a
 * loopback HTTP port with a generated config naming our endpoint as its DICOMweb server `saludtech`, stores
 * a study through its REST API, then sends it with its own DICOMweb client (`/dicom-web/servers/…/stow`).
 * The job must succeed (Orthanc checks that every instance is in our ReferencedSOPSequence and none in
 * FailedSOPSequence) and every instance must come out anonymized in the center's upload.
 * Then Orthanc retrieves the de-identified study back with WADO-RS (`/dicom-web/servers/…/retrieve`) into
 * its own store, and its copy is checked against what it sent: new UIDs, no patient identity.
 */
import type { Timestamp } from '@google-cloud/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DICOMWEB_PLUGIN,
  orthancInstalled,
  type RunningOrthanc,
  startOrthanc,
} from '../../emulators/test/orthanc.ts';
import { eventually, suite } from '../../emulators/test/suite.ts';
import { db } from '../platform/clients.ts';
import { DICOMWEB_INSTANCES } from './adapters/dicomweb-index.repository.ts';
import { UPLOADS } from './adapters/uploads.repository.ts';
import { centerWithToken, type MrFile, mrFiles, settledUpload } from './test/stow-harness.ts';

const CODE = 'IMG-ORTHANC';
if (!orthancInstalled)
  console.warn('skipping the Orthanc STOW-RS test: Orthanc or its DICOMweb plugin is missing');

let orthanc: RunningOrthanc | undefined;
let center: Awaited<ReturnType<typeof centerWithToken>>;
const rest = <T>(method: string, path: string, body?: Buffer | object) =>
  (orthanc as RunningOrthanc).rest<T>(method, path, body);

describe.skipIf(!orthancInstalled)(
  'Orthanc pushes a study to our STOW-RS and retrieves it de-identified with WADO-RS',
  () => {
    beforeAll(async () => {
      center = await centerWithToken(CODE);
      // No DICOM listener: Orthanc speaks DICOMweb only here.
      orthanc = await startOrthanc('stow', {
        Plugins: [DICOMWEB_PLUGIN],
        DicomWeb: {
          Enable: true,
          Root: '/dicom-web/',
          Servers: {
            saludtech: {
              Url: `${suite().apiUrl}/dicomweb/`,
              HttpHeaders: { Authorization: `Bearer ${center.token}` },
            },
          },
        },
      });
    }, 120_000);

    afterAll(async () => {
      await orthanc?.stop();
    });

    it('sends every instance, Orthanc reports success, and each one is anonymized in one upload', async () => {
      const study = (mrFiles()[1] as MrFile).studyInstanceUid;
      const files = mrFiles().filter((f) => f.studyInstanceUid === study);
      expect(files).toHaveLength(3);
      const stored = [];
      for (const f of files)
        stored.push(
          await rest<{ ID: string; ParentStudy: string; Status: string }>('POST', '/instances', f.bytes),
        );
      const studyId = stored[0]?.ParentStudy as string;
      expect(new Set(stored.map((s) => s.ParentStudy))).toEqual(new Set([studyId]));

      const sent = Date.now();
      const job = await rest<{ ID: string }>('POST', '/dicom-web/servers/saludtech/stow', {
        Resources: [studyId],
        Synchronous: false,
      });
      const done = await eventually(
        async () => {
          const j = await rest<{ State: string; Content?: Record<string, string>; ErrorCode?: number }>(
            'GET',
            `/jobs/${job.ID}`,
          );
          return j.State === 'Success' || j.State === 'Failure' ? j : undefined;
        },
        60_000,
        250,
      );
      expect(done, JSON.stringify(done)).toMatchObject({
        State: 'Success',
        Content: { InstancesCount: '3' },
      });

      // Orthanc does not surface our answer's status URL: the center's one upload since `sent` is the one it made.
      const uploads = (await db().collection(UPLOADS).where('centerCode', '==', CODE).get()).docs.filter(
        (d) => (d.get('openedAt') as Timestamp).toMillis() >= sent,
      );
      expect(uploads).toHaveLength(1);
      const summary = await settledUpload(uploads[0]?.id as string, center.token, 3);
      expect(summary).toMatchObject({ received: 3, anonymized: 3, rejected: 0, held: 0 });

      // Round trip: Orthanc retrieves the de-identified study back with WADO-RS, into its own store.
      const index = await eventually(async () => {
        const snap = await db()
          .collection(DICOMWEB_INSTANCES)
          .where('imageId', '==', summary.files[0]?.imageId)
          .get();
        return snap.docs[0]?.data() as { study: string } | undefined;
      }, 30_000);
      expect(index.study).not.toBe(study);
      await rest('POST', '/dicom-web/servers/saludtech/retrieve', { Resources: [{ Study: index.study }] });
      const found = await rest<string[]>('POST', '/tools/lookup', Buffer.from(index.study));
      expect(found).toHaveLength(1);
      const copy = await rest<string[]>(
        'GET',
        `/studies/${(found[0] as unknown as { ID: string }).ID}/instances`,
      );
      expect(copy).toHaveLength(3);
      const original = await rest<Record<string, string>>(
        'GET',
        `/instances/${stored[0]?.ID}/simplified-tags`,
      );
      for (const instance of copy as unknown as { ID: string }[]) {
        const tags = await rest<Record<string, string>>('GET', `/instances/${instance.ID}/simplified-tags`);
        expect(tags.PatientIdentityRemoved).toBe('YES');
        expect(tags.StudyInstanceUID).toBe(index.study);
        for (const key of ['PatientName', 'PatientID', 'PatientBirthDate', 'StudyInstanceUID'] as const)
          if (original[key]) expect(tags[key], key).not.toBe(original[key]);
      }
    }, 180_000);
  },
);
