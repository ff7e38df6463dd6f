/**
 * The readable token shapes: `psn:<field>:v<N>:<mac>` (pseudonym) and `rvt:<field>:v<N>:<id>.<check>`
 * (reversible, an opaque vault id). Kind, field and seed version are readable so a rotation never breaks
 * existing joins and a verifier can tell versions apart. Pure: node:crypto only.
 */
import { createHmac } from 'node:crypto';
import { canonicalize, fieldDomain } from './fields.ts';
import type { Keyring } from './keyring.ts';

export type TokenKind = 'pseudonym' | 'reversible';

export interface ParsedToken {
  kind: TokenKind;
  field: string;
  version: number;
  /** The MAC (pseudonym) or `<id>.<check>` (reversible). */
  body: string;
}

const SHAPE =
  /^(psn|rvt):([a-z][a-z0-9_]{0,39}):v([1-9][0-9]{0,8}):([A-Za-z0-9_-]{32}|[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{11})$/;

/** Reads a token's readable parts; undefined when it cannot be a token of ours. */
export function parseToken(token: string): ParsedToken | undefined {
  const m = SHAPE.exec(token);
  if (!m) return undefined;
  const kind: TokenKind = m[1] === 'psn' ? 'pseudonym' : 'reversible';
  const body = m[4] as string;
  // The body's shape must match the kind: a pseudonym has no check part, a reversible token has one.
  if ((kind === 'pseudonym') === body.includes('.')) return undefined;
  return { kind, field: m[2] as string, version: Number(m[3]), body };
}

const mac = (key: Buffer, data: string) => createHmac('sha256', key).update(data).digest('base64url');

/**
 * The reversible token for a value: deterministic within a seed version (the id is a MAC of the canonical
 * value), so a retried batch writes the same vault entries and converges; the check part is a MAC over
 * everything before it, so any edit of kind, field, version or id is detected without a vault read.
 */
export function reversibleToken(keyring: Keyring, field: string, value: string): string {
  const id = mac(
    keyring.subkey('reversible-id'),
    `${field}\u0000${canonicalize(fieldDomain(field), value)}`,
  ).slice(0, 22);
  const head = `rvt:${field}:v${keyring.version}:${id}`;
  return `${head}.${mac(keyring.subkey('token-check'), head).slice(0, 11)}`;
}

/** True when a reversible token's check part was made by this keyring for exactly these readable parts. */
export function reversibleTokenIntact(keyring: Keyring, token: string): boolean {
  const dot = token.lastIndexOf('.');
  if (dot < 0) return false;
  return mac(keyring.subkey('token-check'), token.slice(0, dot)).slice(0, 11) === token.slice(dot + 1);
}

/** The AAD that binds a vault ciphertext to its field and token: a ciphertext moved to another entry fails. */
export const vaultAad = (field: string, token: string): string => `${field}\u0000${token}`;
