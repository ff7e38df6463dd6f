/** The local TTL stand-in against the Firestore emulator: what has expired goes, what has not stays. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { db } from '../functions/platform/clients.ts';
import { sweepExpired } from './firestore-ttl.ts';

describe('the local Firestore TTL sweeper', () => {
  it('deletes the documents whose expiry has passed, in every policy collection, and keeps the rest', async () => {
    const collection = `ttl-test-${randomUUID().slice(0, 8)}`;
    const c = db().collection(collection);
    await c.doc('past').set({ expireAt: new Date(Date.now() - 1000) });
    await c.doc('future').set({ expireAt: new Date(Date.now() + 3_600_000) });
    await c.doc('never').set({ note: 'no expiry field' });
    expect(await sweepExpired(db(), [{ collection, field: 'expireAt' }])).toBe(1);
    expect((await c.get()).docs.map((d) => d.id).sort()).toEqual(['future', 'never']);
  });
});
