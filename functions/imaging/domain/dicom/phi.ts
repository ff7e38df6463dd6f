/**
 * The identifying values an input carried, as bytes: collected before the profile is applied, used to
 * scrub descriptors (Clean Descriptors) and by the verifier to look for leftovers in the output.
 */

/** ASCII case fold on bytes: works the same whatever the character set of the rest of the value. */
export function foldAscii(b: Buffer, inPlace = false): Buffer {
  const out = inPlace ? b : Buffer.from(b);
  for (let i = 0; i < out.length; i++) {
    const c = out[i] as number;
    if (c >= 0x41 && c <= 0x5a) out[i] = c + 0x20;
  }
  return out;
}

const MIN_NEEDLE = 4;
/** The dummy values the D action writes (deidentify.ts). */
const DUMMIES = new Set(['ANONYMIZED', '19000101', '19000101000000', '000000', '000Y', '0']);
const trimBytes = (b: Buffer) => {
  let s = 0;
  let e = b.length;
  while (s < e && (b[s] === 0x20 || b[s] === 0)) s++;
  while (e > s && (b[e - 1] === 0x20 || b[e - 1] === 0)) e--;
  return b.subarray(s, e);
};

/** Case-folded needles (with their dedupe keys) of one text value, as `addText` derives them. */
type Derived = readonly (readonly [string, Buffer])[];
/**
 * Files of one study repeat the same names, institutions and UIDs: the needles of a value are derived
 * once per thread. Cached needles are shared and never mutated (search only).
 */
const derivedCache = new Map<string, Derived>();
const DERIVED_LIMIT = 50_000;

function needleOf(value: string): readonly [string, Buffer] | undefined {
  const b = trimBytes(Buffer.from(value, 'latin1'));
  if (b.length < MIN_NEEDLE) return undefined;
  const folded = foldAscii(b);
  return [folded.toString('latin1'), folded];
}

function derive(vr: string, text: string): Derived {
  const out: (readonly [string, Buffer])[] = [];
  const add = (v: string) => {
    const n = needleOf(v);
    if (n) out.push(n);
  };
  for (const part of text.split('\\')) {
    if (vr === 'UI' && part.startsWith('1.2.840.10008.')) continue;
    add(part);
    if (vr === 'PN') for (const variant of personNameVariants(part)) add(variant);
  }
  return out;
}

export class PhiCollector {
  private readonly seen = new Set<string>();
  /** Case-folded byte strings that must not appear in the output's non-pixel bytes. */
  readonly needles: Buffer[] = [];
  /** Original values per tag of attributes the profile changed: the output must not carry them again. */
  readonly originals = new Map<number, Set<string>>();

  /** A needle (case-folded), if long enough to be meaningful. */
  addNeedle(value: Buffer | string): void {
    const n = needleOf(typeof value === 'string' ? value : value.toString('latin1'));
    if (n) this.push(n);
  }

  private push([key, folded]: readonly [string, Buffer]): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.needles.push(folded);
  }

  /** A text value of a changed attribute: each value of a multi-value, person-name variants too. */
  addText(tag: number, vr: string, value: Buffer): void {
    const text = trimBytes(value).toString('latin1');
    // Our own dummies (an input that was de-identified before) are not identifying.
    if (DUMMIES.has(text)) return;
    const set = this.originals.get(tag);
    if (set) set.add(text);
    else this.originals.set(tag, new Set([text]));
    // Dates and times are checked per attribute only: a shifted date may equal another original one.
    if (vr === 'DA' || vr === 'DT' || vr === 'TM' || vr === 'AS' || vr === 'CS') return;
    const key = `${vr}\0${text}`;
    let derived = derivedCache.get(key);
    if (!derived) {
      if (derivedCache.size >= DERIVED_LIMIT) derivedCache.clear();
      derived = derive(vr, text);
      derivedCache.set(key, derived);
    }
    for (const n of derived) this.push(n);
  }
}

/** "DOE^JOHN^^DR" → "DOE JOHN", "JOHN DOE", "DOE, JOHN" and the components themselves. */
export function personNameVariants(pn: string): string[] {
  const alphabetic = pn.split('=')[0] ?? '';
  const parts = alphabetic
    .split('^')
    .map((p) => p.trim())
    .filter(Boolean);
  const out = [...parts];
  if (parts.length >= 2) {
    const [family, given] = parts as [string, string];
    out.push(`${family} ${given}`, `${given} ${family}`, `${family}, ${given}`, `${family},${given}`);
  }
  for (const group of pn.split('=').slice(1))
    if (group.trim()) out.push(group.trim(), ...group.split('^').filter(Boolean));
  return out;
}

/** Replaces every case-insensitive occurrence of a needle in `value` with asterisks of the same length. */
export function scrub(value: Buffer, needles: readonly Buffer[]): Buffer {
  const folded = foldAscii(value);
  let out: Buffer | undefined;
  for (const n of needles) {
    let at = folded.indexOf(n);
    while (at >= 0) {
      out ??= Buffer.from(value);
      out.fill(0x2a, at, at + n.length);
      folded.fill(0x2a, at, at + n.length);
      at = folded.indexOf(n, at + n.length);
    }
  }
  return out ?? value;
}
