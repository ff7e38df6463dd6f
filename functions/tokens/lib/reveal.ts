/**
 * Re-identification: reveals reversible tokens for a re-identification officer with a stated purpose.
 * Every reveal commits an audit record and stages its TokenRevealed event in the outbox, in one transaction,
 * before any value is returned; the value itself never reaches the audit, the event or a log.
 */

import { TokenRevealedV1 } from '../../../schemas/tokens/v1/token-revealed.event.ts';
import { db } from '../../platform/clients.ts';
import { log } from '../../platform/logger.ts';
import type { Envelope } from '../../platform/messaging/cloudevent.ts';
import { envelope } from '../../platform/messaging/cloudevent.ts';
import { relayStaged, stageEvents } from '../../platform/messaging/outbox.ts';
import { publish as defaultPublish, type Publish } from '../../platform/messaging/publisher.ts';
import { seedStatuses } from '../adapters/seed.repository.ts';
import { loadVaultEntries, recordReveal, type StoredVaultEntry } from '../adapters/vault.repository.ts';
import { gcmOpen } from '../domain/gcm.ts';
import type { Keyring } from '../domain/keyring.ts';
import { SeedUnavailable } from '../domain/seed.ts';
import { type ParsedToken, parseToken, reversibleTokenIntact, vaultAad } from '../domain/token-format.ts';

export interface RevealRequest {
  tokens: string[];
  purpose: string;
  officer: string;
  correlationId: string;
  source: string;
}

export type RevealOutcome =
  | { ok: true; values: { token: string; value: string }[] }
  | {
      ok: false;
      status: 400 | 404 | 409;
      slug: string;
      detail: string;
      errors: { field: string; message: string }[];
    };

const refuse = (
  status: 400 | 404 | 409,
  slug: string,
  detail: string,
  errors: { field: string; message: string }[],
): RevealOutcome => ({ ok: false, status, slug, detail, errors });

export async function reveal(
  req: RevealRequest,
  keyringFor: (version: number) => Promise<Keyring>,
  publish: Publish = defaultPublish,
): Promise<RevealOutcome> {
  req = { ...req, tokens: [...new Set(req.tokens)] }; // one reveal per distinct token
  // Shape first: anything not a reversible token of ours is refused before a key is touched.
  const parsed: ParsedToken[] = [];
  for (const [i, token] of req.tokens.entries()) {
    const p = parseToken(token);
    const at = `body.tokens.${i}`;
    if (!p) return refuse(400, 'malformed-token', 'not a token', [{ field: at, message: 'not a token' }]);
    if (p.kind === 'pseudonym')
      return refuse(400, 'not-reversible', 'pseudonyms are one-way and can never be revealed', [
        { field: at, message: 'a pseudonym cannot be revealed' },
      ]);
    parsed.push(p);
  }
  const rings = new Map<number, Keyring>();
  for (const [i, p] of parsed.entries()) {
    if (rings.has(p.version)) continue;
    try {
      rings.set(p.version, await keyringFor(p.version));
    } catch (e) {
      if (!(e instanceof SeedUnavailable)) throw e;
      return e.reason === 'retired'
        ? refuse(
            409,
            'seed-retired',
            `seed version ${p.version} is retired: its tokens can no longer be revealed`,
            [{ field: `body.tokens.${i}`, message: 'retired seed version' }],
          )
        : refuse(400, 'tampered-token', 'the token names a seed version that never existed', [
            { field: `body.tokens.${i}`, message: 'unknown seed version' },
          ]);
    }
  }
  for (const [i, p] of parsed.entries()) {
    if (!reversibleTokenIntact(rings.get(p.version) as Keyring, req.tokens[i] as string))
      return refuse(400, 'tampered-token', 'the token was altered (its check does not match)', [
        { field: `body.tokens.${i}`, message: 'tampered token' },
      ]);
  }

  const revealedAt = new Date();
  const outcome = await db().runTransaction(async (tx): Promise<RevealOutcome & { events?: Envelope[] }> => {
    const versions = [...rings.keys()];
    const statuses = await seedStatuses(tx, versions);
    const entries = await loadVaultEntries(tx, req.tokens);
    // The status is re-read here, not taken from a cache: a retirement takes effect on reveals at once.
    for (const [i, p] of parsed.entries()) {
      if (statuses.get(p.version) === 'retired')
        return refuse(409, 'seed-retired', `seed version ${p.version} is retired`, [
          { field: `body.tokens.${i}`, message: 'retired seed version' },
        ]);
      if (!entries[i])
        return refuse(404, 'unknown-token', 'no vault entry for this token', [
          { field: `body.tokens.${i}`, message: 'unknown token' },
        ]);
    }
    const values: { token: string; value: string }[] = [];
    const events: Envelope[] = [];
    for (const [i, p] of parsed.entries()) {
      const token = req.tokens[i] as string;
      const value = gcmOpen(
        (rings.get(p.version) as Keyring).subkey('reversible'),
        entries[i] as StoredVaultEntry,
        vaultAad(p.field, token),
      );
      if (value === undefined)
        return refuse(
          409,
          'vault-entry-unreadable',
          'the vault entry does not authenticate under its token',
          [{ field: `body.tokens.${i}`, message: 'vault entry tampered' }],
        );
      const event = envelope(
        TokenRevealedV1,
        {
          token,
          field: p.field,
          seedVersion: p.version,
          revealedBy: req.officer,
          purpose: req.purpose,
          revealedAt: revealedAt.toISOString(),
        },
        { source: req.source, subject: token, correlationId: req.correlationId },
      );
      recordReveal(tx, {
        token,
        field: p.field,
        seedVersion: p.version,
        revealedBy: req.officer,
        purpose: req.purpose,
        revealedAt,
        correlationId: req.correlationId,
        event,
      });
      values.push({ token, value });
      events.push(event);
    }
    stageEvents(tx, events);
    return { ok: true, values, events };
  });
  if (!outcome.ok) return outcome;
  await relayStaged(outcome.events ?? [], log, publish);
  return { ok: true, values: outcome.values };
}
