/**
 * The identifying values an input carried, collected before the profile is applied: whole-token
 * needles for the residual-PHI verifier and for scans of kept bulk text, byte needles to scrub
 * descriptors (Clean Descriptors), original UIDs, and the original value of every changed attribute.
 * Needles come only from identifying attributes (names, identifiers, addresses, telephone numbers,
 * institutions and departments, unretained dates, free text, the sidecar's identifiers), never from
 * coded or numeric descriptors nor from short fragments.
 */
import { describeTag, keywordOf } from './keywords.ts';
import { NeedleMatcher, tokensOf, weight } from './needle-match.ts';

/** ASCII case fold on bytes: works the same whatever the character set of the rest of the value. */
export function foldAscii(b: Buffer, inPlace = false): Buffer {
  const out = inPlace ? b : Buffer.from(b);
  for (let i = 0; i < out.length; i++) {
    const c = out[i] as number;
    if (c >= 0x41 && c <= 0x5a) out[i] = c + 0x20;
  }
  return out;
}

/** What a needle stands for: a label naming its source attribute (never its value). */
export type NeedleSource = string;

/** The dummy values the D action writes (deidentify.ts): an input de-identified before carries them. */
const DUMMIES = new Set(['ANONYMIZED', '19000101', '19000101000000', '000000', '000Y', '0']);
/** Shortest needle worth looking for: below this a name part or identifier matches common words. */
const MIN_WEIGHT = 3;
/** An institution or address of one short word ("Here", "ER") is a fragment found in any text. */
const MIN_PLACE_WEIGHT = 5;
/** Free text is looked for as a whole passage; a one-word comment ("normal") identifies nobody. */
const MIN_FREE_TEXT_WEIGHT = 12;

const IDENTIFIER_KEYWORD = /(ID|IDs|Identifier|Number|Numbers|Locator)$|Telephone/;
const PLACE_KEYWORD = /Institution|Department|Address/;
const TEXT_VR = new Set(['LO', 'SH', 'ST', 'LT', 'UT', 'UC']);

/** Which kind of identifying value an attribute holds, if any: decides whether it yields needles. */
export type IdentifyingKind = 'name' | 'identifier' | 'place' | 'date' | 'free-text' | 'uid';

/** The identifying kind of a public attribute by VR and keyword; private and coded ones have none. */
export function identifyingKind(tag: number, vr: string): IdentifyingKind | undefined {
  if ((tag >>> 16) & 1) return undefined;
  if (vr === 'PN') return 'name';
  if (vr === 'UI') return 'uid';
  if (vr === 'DA' || vr === 'DT') return 'date';
  if (!TEXT_VR.has(vr)) return undefined;
  const keyword = keywordOf(tag) ?? '';
  if (IDENTIFIER_KEYWORD.test(keyword)) return 'identifier';
  if (PLACE_KEYWORD.test(keyword)) return 'place';
  if (vr === 'LT' || vr === 'ST' || vr === 'UT' || /Comments?$|History|Remarks?$/.test(keyword))
    return 'free-text';
  return undefined;
}

const trimBytes = (b: Buffer) => {
  let s = 0;
  let e = b.length;
  while (s < e && (b[s] === 0x20 || b[s] === 0)) s++;
  while (e > s && (b[e - 1] === 0x20 || b[e - 1] === 0)) e--;
  return b.subarray(s, e);
};

/** Splits a value's bytes at the multi-value delimiter `\` (0x5C is never a trail byte in our sets). */
function valuesOf(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (let i = 0; i <= b.length; i++) {
    if (i === b.length || b[i] === 0x5c) {
      const part = trimBytes(b.subarray(from, i));
      if (part.length > 0) out.push(part);
      from = i + 1;
    }
  }
  return out;
}

/** The person-name parts worth a needle: family, given and middle names of every component group. */
function nameParts(pn: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  for (const group of splitBytes(pn, 0x3d)) parts.push(...splitBytes(group, 0x5e).slice(0, 3));
  return parts;
}

function splitBytes(b: Buffer, at: number): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (let i = 0; i <= b.length; i++) {
    if (i === b.length || b[i] === at) {
      const part = trimBytes(b.subarray(from, i));
      if (part.length > 0) out.push(part);
      from = i + 1;
    }
  }
  return out;
}

const isUid = (s: string) => /^\d+(\.\d+)+$/.test(s);
const isWellKnownUid = (uid: string) => uid.startsWith('1.2.840.10008.');

export class PhiCollector {
  /** Whole-token needles, each naming its source attribute. */
  readonly matcher = new NeedleMatcher<NeedleSource>();
  /** Case-folded byte needles of the same values, to scrub descriptors at word boundaries. */
  readonly needles: Buffer[] = [];
  /** Original instance UIDs (not the standard's well-known ones) and the attribute each came from. */
  readonly uids = new Map<string, NeedleSource>();
  /** Original values per tag of attributes the profile changed: the output must not carry them again. */
  readonly originals = new Map<number, Set<string>>();
  /** Token runs of identifying values an option keeps on purpose: never a finding when seen again. */
  readonly kept = new Set<string>();
  private readonly seen = new Set<string>();

  /** An identifier from outside the header (the sidecar, or the file's Patient ID). */
  addNeedle(value: Buffer | string, source: NeedleSource = 'an identifier of the upload'): void {
    const b = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    for (const v of valuesOf(b)) this.push(v, source, MIN_WEIGHT);
  }

  /** A value of an attribute the profile changes: its original, and its needles if it identifies. */
  addText(tag: number, vr: string, value: Buffer): void {
    const trimmed = trimBytes(value);
    const text = trimmed.toString('latin1');
    // Our own dummies (an input that was de-identified before, by us or a tool writing "Anonymized") are
    // not identifying.
    if (DUMMIES.has(text.toUpperCase())) return;
    const set = this.originals.get(tag);
    if (set) set.add(text);
    else this.originals.set(tag, new Set([text]));
    const kind = identifyingKind(tag, vr);
    if (!kind) return;
    const source = describeTag(tag);
    for (const v of valuesOf(trimmed)) {
      const s = v.toString('latin1');
      if (kind === 'uid') {
        if (isUid(s) && !isWellKnownUid(s) && !this.uids.has(s)) this.uids.set(s, source);
      } else if (kind === 'date') {
        // Only a full date is identifying in text; years and times alone collide with numbers.
        if (/^\d{8}/.test(s)) this.push(Buffer.from(s.slice(0, 8), 'latin1'), source, 8);
      } else if (kind === 'free-text') this.push(v, source, MIN_FREE_TEXT_WEIGHT);
      else if (kind === 'place') this.push(v, source, MIN_PLACE_WEIGHT);
      else {
        this.push(v, source, MIN_WEIGHT);
        if (kind === 'name') for (const part of nameParts(v)) this.push(part, source, MIN_WEIGHT);
      }
    }
  }

  /** An identifying value an option keeps (e.g. the institution under Retain Institution Identity). */
  addKept(tag: number, vr: string, value: Buffer): void {
    if (!identifyingKind(tag, vr)) return;
    for (const v of valuesOf(trimBytes(value))) this.kept.add(tokensOf(v).join(' '));
  }

  private push(value: Buffer, source: NeedleSource, minWeight: number): void {
    const tokens = tokensOf(value);
    const key = tokens.join(' ');
    if (tokens.length === 0 || weight(tokens) < minWeight || this.seen.has(key)) return;
    this.seen.add(key);
    this.matcher.add(tokens, source);
    this.needles.push(foldAscii(value));
  }
}

/** An ASCII letter or digit: a byte that continues a word whatever the character set. */
const isAsciiWordByte = (c: number | undefined) =>
  c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a));

/**
 * Replaces every case-insensitive occurrence of a needle in `value` with asterisks of the same length,
 * where it stands as a word: never inside a longer ASCII word ("ANN" in "ANNOTATION" stays).
 */
export function scrub(value: Buffer, needles: readonly Buffer[]): Buffer {
  const folded = foldAscii(value);
  let out: Buffer | undefined;
  for (const n of needles) {
    let at = folded.indexOf(n);
    while (at >= 0) {
      const word = !isAsciiWordByte(folded[at - 1]) && !isAsciiWordByte(folded[at + n.length]);
      if (word) {
        out ??= Buffer.from(value);
        out.fill(0x2a, at, at + n.length);
        folded.fill(0x2a, at, at + n.length);
      }
      at = folded.indexOf(n, at + (word ? n.length : 1));
    }
  }
  return out ?? value;
}
