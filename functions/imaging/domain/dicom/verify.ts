/**
 * The residual-PHI verifier: a second, independent pass over the output's non-pixel bytes, with its
 * own parser. It fails when an identifying value of the input (any case), or a planted canary, appears
 * anywhere in those bytes, when an attribute the profile changes still carries its original value,
 * when a removed or non-allow-listed private attribute is present, or when the output does not parse.
 */
import { foldAscii, type PhiCollector } from './phi.ts';
import { isPrivateGroup, isSafePrivate, keepsCreator, type ProfileOptions, publicAction } from './profile.ts';
import type { Syntax } from './syntax.ts';
import { dictionaryVr } from './vr-dictionary.ts';

export interface VerifyInput {
  /** The output's non-pixel parts: file meta (explicit LE) and dataset segments (file syntax). */
  meta: Buffer;
  segments: readonly Buffer[];
  syntax: Syntax;
  phi: PhiCollector;
  options: ProfileOptions;
  /** Extra strings that must not appear (tests plant them). */
  canaries?: readonly string[];
  /** The first segment must carry PatientIdentityRemoved = YES (later segments follow pixel data). */
  requireStamp?: boolean;
}

/** `undefined` when the output is clean, else a PHI-free description of the first finding. */
export function verifyOutput(input: VerifyInput): string | undefined {
  // The joined copy is ours to fold in place.
  const folded = foldAscii(Buffer.concat([input.meta, ...input.segments]), true);
  const canaries = (input.canaries ?? []).map((c) => foldAscii(Buffer.from(c, 'utf8')));
  for (const needle of [...input.phi.needles, ...canaries]) {
    if (needle.length > 0 && folded.includes(needle))
      return `an identifying value of the input (${needle.length} bytes) appears in the output header`;
  }
  let patientIdentityRemoved = false;
  try {
    for (const segment of input.segments) {
      const c = new Cursor(segment, input.syntax);
      const r = walk(c, 0, segment.length, input, 0, (tag, value) => {
        if (tag === 0x00120062 && value.toString('latin1').trim() === 'YES') patientIdentityRemoved = true;
      });
      if (r.finding) return r.finding;
    }
  } catch (e) {
    return `output does not re-parse: ${(e as Error).message}`;
  }
  return patientIdentityRemoved || input.requireStamp === false
    ? undefined
    : 'output lacks PatientIdentityRemoved = YES';
}

const LONG = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const UNDEFINED = 0xffffffff;
const hex = (tag: number) => tag.toString(16).padStart(8, '0');
const IMPLICIT: Syntax = { explicit: false, littleEndian: true };

interface Walk {
  at: number;
  finding?: string;
}

class Cursor {
  constructor(
    readonly buf: Buffer,
    readonly syntax: Syntax,
  ) {}
  u16 = (at: number) => (this.syntax.littleEndian ? this.buf.readUInt16LE(at) : this.buf.readUInt16BE(at));
  u32 = (at: number) => (this.syntax.littleEndian ? this.buf.readUInt32LE(at) : this.buf.readUInt32BE(at));
  tag = (at: number) => ((this.u16(at) << 16) | this.u16(at + 2)) >>> 0;
}

/** Walks one dataset level from `at`; an undefined-length item ends at its delimiter. */
function walk(
  c: Cursor,
  start: number,
  end: number,
  input: VerifyInput,
  depth: number,
  seen: (tag: number, value: Buffer) => void,
  delimited = false,
): Walk {
  const creators = new Map<number, string>();
  let at = start;
  while (at < end) {
    const tag = c.tag(at);
    if (tag === 0xfffee00d) {
      if (!delimited) throw new Error('item delimiter outside an item');
      return { at: at + 8 };
    }
    let vr: string;
    let length: number;
    let valueAt: number;
    if (!c.syntax.explicit) {
      vr = isPrivateGroup(tag) ? 'UN' : (dictionaryVr(tag) ?? 'UN');
      length = c.u32(at + 4);
      valueAt = at + 8;
    } else {
      vr = c.buf.toString('latin1', at + 4, at + 6);
      const long = LONG.has(vr);
      length = long ? c.u32(at + 8) : c.u16(at + 6);
      valueAt = at + (long ? 12 : 8);
    }
    const group = tag >>> 16;
    const element = tag & 0xffff;
    if (isPrivateGroup(tag)) {
      if (element >= 0x10 && element <= 0xff) {
        const creator = c.buf.toString('latin1', valueAt, valueAt + length).replace(/[\s\0]+$/, '');
        creators.set((group << 8) | element, creator);
        if (!keepsCreator(group, creator, input.options))
          return { at, finding: `private creator ${hex(tag)} was not removed` };
      } else if (
        !isSafePrivate(group, creators.get((group << 8) | (element >>> 8)), element & 0xff, input.options)
      ) {
        return { at, finding: `private element ${hex(tag)} is not in the safe-private allow-list` };
      }
    } else if (publicAction(tag, vr, input.options) === 'remove') {
      return { at, finding: `element ${hex(tag)} should have been removed` };
    }
    if (vr === 'SQ' || (vr === 'UN' && length === UNDEFINED)) {
      const inner = vr === 'UN' ? new Cursor(c.buf, IMPLICIT) : c;
      const r = walkItems(inner, valueAt, length, input, depth + 1, seen);
      if (r.finding) return r;
      at = r.at;
      continue;
    }
    if (length === UNDEFINED) {
      at = skipFragments(c, valueAt);
      continue;
    }
    if (valueAt + length > end) throw new Error(`element ${hex(tag)} overruns its container`);
    const value = c.buf.subarray(valueAt, valueAt + length);
    if (depth === 0) seen(tag, value);
    const originals = input.phi.originals.get(tag);
    if (originals) {
      const text = value
        .toString('latin1')
        .replace(/[\s\0]+$/, '')
        .trim();
      if (text !== '' && originals.has(text))
        return { at, finding: `element ${hex(tag)} still carries its original value` };
    }
    at = valueAt + length;
  }
  if (delimited) throw new Error('undefined-length item without delimiter');
  return { at };
}

function walkItems(
  c: Cursor,
  start: number,
  length: number,
  input: VerifyInput,
  depth: number,
  seen: (tag: number, value: Buffer) => void,
): Walk {
  const end = length === UNDEFINED ? c.buf.length : start + length;
  let at = start;
  while (at < end) {
    const tag = c.tag(at);
    const itemLength = c.u32(at + 4);
    at += 8;
    if (tag === 0xfffee0dd) return { at };
    if (tag !== 0xfffee000) throw new Error(`${hex(tag)} where an item belongs`);
    const r =
      itemLength === UNDEFINED
        ? walk(c, at, c.buf.length, input, depth, seen, true)
        : walk(c, at, at + itemLength, input, depth, seen);
    if (r.finding) return r;
    at = itemLength === UNDEFINED ? r.at : at + itemLength;
  }
  if (length === UNDEFINED) throw new Error('undefined-length sequence without delimiter');
  return { at };
}

/** Skips nested encapsulated data (opaque fragments) up to its sequence delimiter. */
function skipFragments(c: Cursor, start: number): number {
  let at = start;
  while (at + 8 <= c.buf.length) {
    const tag = c.tag(at);
    const length = c.u32(at + 4);
    at += 8;
    if (tag === 0xfffee0dd) return at;
    at += length;
  }
  throw new Error('encapsulated data without delimiter');
}
