/**
 * A STOW-RS instance whose object lands twice (a client's retry after the first copy was processed and
 * removed, or the Storage client's own retry of a write that had succeeded): the second generation of the
 * same instance name is dropped, so one instance is one catalogue record. Other file names are unaffected.
 */
import { describe, expect, it } from 'vitest';
import { db } from '../platform/clients.ts';
import { INGESTS } from './adapters/ingest-ledger.ts';
import { explicitLittleEndian, fixtureUid } from './fixtures/dicom-fixtures.ts';
import { exists, finished, registeredCenter, upload, uploadPrefix } from './test/imaging-harness.ts';
import { pause, recordsOf } from './test/quarantine-review-harness.ts';

const CODE = 'STOW-DUP';
const STOW_NAME = `${'ab12'.repeat(8)}.dcm`;

describe('a second generation of a STOW-RS instance name', () => {
  it('is dropped once the first was ingested: one record, one ledger entry, no original left', async () => {
    await registeredCenter(CODE);
    const up = uploadPrefix(CODE);
    const bytes = explicitLittleEndian({ uids: { study: fixtureUid(61, 1), sop: fixtureUid(61, 2) } });
    const first = await upload(up.at(STOW_NAME), bytes);
    expect(await finished(first.imageId)).toMatchObject({ status: 'anonymized' });
    const second = await upload(up.at(STOW_NAME), bytes);
    expect(second.generation).not.toBe(first.generation);
    await pause(3_000); // room for the second finalize to be handled
    expect(await recordsOf(up.uploadId)).toHaveLength(1);
    expect((await db().collection(INGESTS).where('uploadId', '==', up.uploadId).get()).size).toBe(1);
    expect(await exists('ingest', up.at(STOW_NAME))).toBe(false);
  });

  it('leaves other names alone: a center re-sending a file under its own name is a new upload of it', async () => {
    const up = uploadPrefix(CODE);
    const bytes = explicitLittleEndian({ uids: { study: fixtureUid(61, 3), sop: fixtureUid(61, 4) } });
    const first = await upload(up.at('IM0001.dcm'), bytes);
    await finished(first.imageId);
    const second = await upload(up.at('IM0001.dcm'), bytes);
    expect(await finished(second.imageId)).toMatchObject({ status: 'anonymized' });
  });
});
