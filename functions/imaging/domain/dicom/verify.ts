/**
 * The residual-PHI verifier: a second, independent pass over the output's non-pixel bytes, with its
 * own parser. It fails when an identifying value of the input appears as whole tokens in a kept text
 * value, when an original instance UID survives, when an attribute the profile changes still carries
 * its original value, when a removed or non-allow-listed private attribute is present, when a planted
 * canary (tests) appears anywhere, or when the output does not parse. Explicit UN is judged by its
 * dictionary VR, and UN sequences are walked as implicit VR little endian. Findings name attributes by
 * tag and keyword, never a value.
 */
import { describeTag } from './keywords.ts';
import { tokensOf } from './needle-match.ts';
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
  /** Extra strings that must not appear anywhere, as bytes (tests plant them). */
  canaries?: readonly string[];
  /** The first segment must carry PatientIdentityRemoved = YES (later segments follow pixel data). */
  requireStamp?: boolean;
}

/** `undefined` when the output is clean, else a PHI-free description of the first finding. */
export function verifyOutput(input: VerifyInput): string | undefined {
  if (input.canaries?.length) {
    const folded = foldAscii(Buffer.concat([input.meta, ...input.segments]), true);
    if (input.canaries.some((c) => c.length > 0 && folded.includes(foldAscii(Buffer.from(c, 'utf8')))))
      return 'a planted canary appears in the output header';
  }
  let patientIdentityRemoved = false;
  try {
    if (input.meta.length > 0) {
      const r = walk(new Cursor(input.meta, EXPLICIT), 0, input.meta.length, { ...input, inMeta: true }, 0);
      if (r.finding) return r.finding;
    }
    for (const segment of input.segments) {
      const seen = (tag: number, value: Buffer) => {
        if (tag === 0x00120062 && value.toString('latin1').trim() === 'YES') patientIdentityRemoved = true;
      };
      const r = walk(new Cursor(segment, input.syntax), 0, segment.length, { ...input, seen }, 0);
      if (r.finding) return r.finding;
    }
  } catch (e) {
    return `output does not re-parse: ${(e as Error).message}`;
  }
  return patientIdentityRemoved || input.requireStamp === false
    ? undefined
    : 'output lacks PatientIdentityRemoved = YES';
}

/** The phrase every leak finding uses: both attributes named, no value. */
export const leakFinding = (source: string, where: string) => `the value of ${source} appears in ${where}`;

const LONG = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
/** Values searched for identifying tokens: text, names, and opaque bytes that may hold text. */
const HAYSTACK_VR = new Set(['AE', 'LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UR', 'UT', 'UN', 'OB']);
/**
 * Code values and coding-scheme designators (SH) are coded, like CS: a name part equal to a code
 * ("TEST", "DCM") is not the name appearing. Their meanings (LO) are searched.
 */
const CODED = new Set([0x00080100, 0x00080102, 0x00080103, 0x00080119, 0x00080120]);
const UID_IN_TEXT = /\d+(?:\.\d+)+/g;
const UNDEFINED = 0xffffffff;
const IMPLICIT: Syntax = { explicit: false, littleEndian: true };
const EXPLICIT: Syntax = { explicit: true, littleEndian: true };

interface Pass {
  phi: PhiCollector;
  options: ProfileOptions;
  /** Walking the file meta: no profile decisions, values only. */
  inMeta?: true;
  seen?: (tag: number, value: Buffer) => void;
}

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

/** The structural finding for one element: a private or public attribute that should be gone. */
function structuralFinding(
  tag: number,
  vr: string,
  value: () => Buffer,
  creators: Map<number, string>,
  pass: Pass,
): string | undefined {
  const group = tag >>> 16;
  const element = tag & 0xffff;
  if (isPrivateGroup(tag)) {
    if (element >= 0x10 && element <= 0xff) {
      const creator = value()
        .toString('latin1')
        .replace(/[\s\0]+$/, '');
      creators.set((group << 8) | element, creator);
      return keepsCreator(group, creator, pass.options)
        ? undefined
        : `private creator ${describeTag(tag)} was not removed`;
    }
    const creator = creators.get((group << 8) | (element >>> 8));
    return isSafePrivate(group, creator, element & 0xff, pass.options)
      ? undefined
      : `private element ${describeTag(tag)} is not in the safe-private allow-list`;
  }
  return publicAction(tag, vr, pass.options) === 'remove'
    ? `element ${describeTag(tag)} should have been removed`
    : undefined;
}

/** The leak finding for one kept value: an original value, an original UID, or identifying tokens. */
function valueFinding(tag: number, vr: string, value: Buffer, pass: Pass): string | undefined {
  const { phi } = pass;
  const where = describeTag(tag);
  const originals = phi.originals.get(tag);
  if (originals) {
    const text = value
      .toString('latin1')
      .replace(/[\s\0]+$/, '')
      .trim();
    if (text !== '' && originals.has(text)) return `${where} still carries its original value`;
  }
  if (vr === 'UI') {
    for (const uid of value.toString('latin1').replace(/\0/g, '').split('\\')) {
      const source = phi.uids.get(uid.trim());
      if (source) return leakFinding(source, where);
    }
    return undefined;
  }
  if (!HAYSTACK_VR.has(vr) || CODED.has(tag)) return undefined;
  if (phi.uids.size > 0)
    for (const uid of value.toString('latin1').match(UID_IN_TEXT) ?? []) {
      const source = phi.uids.get(uid);
      if (source) return leakFinding(source, where);
    }
  if (phi.matcher.size === 0) return undefined;
  const hit = phi.matcher.find(tokensOf(value), (h) => !phi.kept.has(h.needle.tokens.join(' ')));
  return hit ? leakFinding(hit.needle.data, where) : undefined;
}

/** Walks one dataset level from `at`; an undefined-length item ends at its delimiter. */
function walk(c: Cursor, start: number, end: number, pass: Pass, depth: number, delimited = false): Walk {
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
    // Explicit UN is judged by what the attribute is, not by how it was sent.
    const known = vr === 'UN' && !isPrivateGroup(tag) ? (dictionaryVr(tag) ?? 'UN') : vr;
    if (length !== UNDEFINED && valueAt + length > end)
      throw new Error(`element ${describeTag(tag)} overruns its container`);
    const value = () => c.buf.subarray(valueAt, valueAt + length);
    const structural = pass.inMeta ? undefined : structuralFinding(tag, known, value, creators, pass);
    if (structural) return { at, finding: structural };
    if (known === 'SQ' || (vr === 'UN' && length === UNDEFINED)) {
      const inner = vr === 'UN' ? new Cursor(c.buf, IMPLICIT) : c;
      const r = walkItems(inner, valueAt, length, pass, depth + 1);
      if (r.finding) return r;
      at = r.at;
      continue;
    }
    if (length === UNDEFINED) {
      at = skipFragments(c, valueAt);
      continue;
    }
    if (depth === 0) pass.seen?.(tag, value());
    const finding = valueFinding(tag, known, value(), pass);
    if (finding) return { at, finding };
    at = valueAt + length;
  }
  if (delimited) throw new Error('undefined-length item without delimiter');
  return { at };
}

function walkItems(c: Cursor, start: number, length: number, pass: Pass, depth: number): Walk {
  const end = length === UNDEFINED ? c.buf.length : start + length;
  let at = start;
  while (at < end) {
    const tag = c.tag(at);
    const itemLength = c.u32(at + 4);
    at += 8;
    if (tag === 0xfffee0dd) return { at };
    if (tag !== 0xfffee000) throw new Error(`${describeTag(tag)} where an item belongs`);
    const r =
      itemLength === UNDEFINED
        ? walk(c, at, c.buf.length, pass, depth, true)
        : walk(c, at, at + itemLength, pass, depth);
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
