/**
 * No key bytes and no plaintext leave the tokens context: canary values go through tokenize, reveal and
 * field sealing; then the function host's log, this process's output, every event on `tokens.events`
 * and every Firestore document are scanned for them and for the seed's bytes. Also: the audit trail.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Message } from '@google-cloud/pubsub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pubsub, suite } from '../../emulators/test/suite.ts';
import { db } from '../platform/clients.ts';
import { createKmsClient } from '../platform/kms-client.ts';
import { kmsNames } from './adapters/kms.adapter.ts';
import { loadSeed } from './adapters/seed.repository.ts';
import { TOKEN_REVEALS } from './adapters/vault.repository.ts';
import { seedAad } from './domain/seed.ts';
import { keyringFor, sealField, tokenize } from './lib/index.ts';
import { detokenizeApi, freshSeeds, PURPOSE, tokenizeApi } from './tokens.test-support.ts';

const canary = randomUUID().slice(0, 8);
const values = {
  mrn: `MRN-${canary}`,
  email: `canary-${canary}@example.org`,
  name: `Canario ${canary} Pérez`,
};
const events: Message[] = [];
const output: string[] = [];
let stop: () => Promise<void>;
let version: number;

beforeAll(async () => {
  const ps = pubsub();
  const [sub] = await ps.topic('tokens.events').createSubscription(`tokens-privacy-${canary}`);
  sub.on('message', (m: Message) => {
    events.push(m);
    m.ack();
  });
  stop = async () => {
    await sub.close();
    await sub.delete();
    await ps.close();
  };
  version = await freshSeeds();
});
afterAll(() => stop());

/** Every document of every collection, as text. */
async function firestoreText(): Promise<string> {
  const out: string[] = [];
  for (const c of await db().listCollections())
    for (const d of (await c.get()).docs) out.push(d.id, JSON.stringify(d.data()));
  return out.join('\n');
}

describe('privacy of the tokens context', () => {
  it('writes no canary value and no key bytes to logs, events or Firestore; audits each reveal', async () => {
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      output.push(String(chunk));
      return write(chunk, ...rest);
    }) as typeof process.stdout.write;
    let tokens: string[];
    try {
      const res = await tokenizeApi([
        { field: 'patient_id', value: values.mrn, issuer: 'center-a' },
        { field: 'email', value: values.email },
        { field: 'full_name', value: values.name },
      ]);
      tokens = (res.body as { tokens: string[] }).tokens;
      await tokenize([{ field: 'email', value: values.email }]);
      await sealField(values.name, 'results/r1/notes');
      const revealed = await detokenizeApi({ tokens: tokens.slice(1), purpose: PURPOSE });
      expect(revealed.status).toBe(200);
    } finally {
      process.stdout.write = write;
    }

    // The audit trail: one record per revealed token, with who, which, why and when — never the value.
    const audit = (await db().collection(TOKEN_REVEALS).get()).docs.map((d) => d.data());
    expect(audit.map((a) => a.token).sort()).toEqual(tokens.slice(1).sort());
    for (const a of audit) expect(a).toMatchObject({ purpose: PURPOSE, revealedBy: expect.any(String) });
    const deadline = Date.now() + 15_000;
    while (events.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const types = events.map((e) => e.attributes['ce-type']).sort();
    expect(types).toEqual([
      'saludtech.tokens.revealed.v1',
      'saludtech.tokens.revealed.v1',
      'saludtech.tokens.seed-rotated.v1',
    ]);

    // The key material to look for: the seed (unwrapped here with KMS, as an operator could) and a sub-key.
    const stored = await loadSeed(version);
    const kms = createKmsClient();
    const [unwrapped] = await kms.decrypt({
      name: kmsNames().kek,
      ciphertext: stored?.wrapped,
      additionalAuthenticatedData: Buffer.from(seedAad(version)),
    });
    await kms.close();
    const seed = Buffer.from(unwrapped.plaintext as Uint8Array);
    const subkey = (await keyringFor(version)).subkey('reversible');
    const secrets = [
      values.mrn,
      values.email,
      values.name,
      canary,
      ...[seed, subkey].flatMap((k) =>
        ['hex', 'base64', 'base64url'].map((enc) => k.toString(enc as BufferEncoding)),
      ),
    ];

    const hostLog = readFileSync(join(suite().stateDir, 'logs', 'function-host.log'), 'utf8');
    const places = {
      hostLog,
      output: output.join(''),
      events: events.map((e) => `${e.data.toString()} ${JSON.stringify(e.attributes)}`).join('\n'),
      firestore: await firestoreText(),
    };
    expect(hostLog).toContain('tokens revealed'); // the log being scanned is the one the host writes
    for (const [place, text] of Object.entries(places))
      for (const s of secrets) expect(text.includes(s), `${place} contains a secret`).toBe(false);
  });
});
