/**
 * Whole-token matching of identifying values, for the residual-PHI verifier and for scans of kept bulk
 * text. Values and haystacks are decoded (Latin-1, UTF-8 or ISO 2022 JIS/Korean), case-folded and cut
 * into tokens at word boundaries and at the DICOM delimiters (`^`, `\`, `=`, space); a needle matches
 * only as a whole run of tokens, never as part of a word. Pure, no I/O.
 */

const ESC = 0x1b;
const jisDecoder = new TextDecoder('iso-2022-jp');
const eucKrDecoder = new TextDecoder('euc-kr');
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a DICOM text value without knowing its Specific Character Set: needles and haystacks come
 * from the same file, so a per-value guess is applied identically to both sides. ISO 2022 escapes →
 * JIS X 0208 or KS X 1001; valid UTF-8 with non-ASCII bytes → UTF-8; anything else → Latin-1 (ISO_IR 100
 * and the default repertoire). A Latin-1 value that is also valid UTF-8 needs two non-ASCII bytes in a
 * row of the exact UTF-8 shapes, which real names do not produce.
 */
export function decodeText(b: Buffer): string {
  let high = false;
  for (const c of b) {
    if (c === ESC) return decodeIso2022(b);
    if (c >= 0x80) high = true;
  }
  if (!high) return b.toString('latin1');
  try {
    return utf8Decoder.decode(b);
  } catch {
    return b.toString('latin1');
  }
}

// ISO 2022 escape sequences (ESC is a control character, hence built from strings).
// biome-ignore lint/complexity/useRegexLiterals: a literal would need a control character
const JIS_ESCAPE = new RegExp('\x1b(\\$B|\\$@|\\(B|\\(J)');
// biome-ignore lint/complexity/useRegexLiterals: a literal would need a control character
const ANY_ESCAPE = new RegExp('\x1b[\x20-\x2f]*[\x30-\x7e]', 'g');

function decodeIso2022(b: Buffer): string {
  const s = b.toString('latin1');
  // ESC $ ) C designates KS X 1001 to G1: its characters are high-bit byte pairs, as in EUC-KR.
  if (s.includes('\x1b$)C')) return eucKrDecoder.decode(Buffer.from(s.replaceAll('\x1b$)C', ''), 'latin1'));
  if (JIS_ESCAPE.test(s)) return jisDecoder.decode(b);
  // Other designations (e.g. ESC - A, Latin-1 in G1): drop the escapes, read the bytes as Latin-1.
  return s.replace(ANY_ESCAPE, '');
}

/**
 * Ideographic and syllabic scripts write words without spaces: each character is its own token, so a
 * name inside a longer run still matches as a sequence of tokens. Other letters, digits and combining
 * marks form tokens (with `_`, which joins words in codes like TOSHIBA_MEC); everything else (DICOM delimiters, punctuation, spaces, controls) separates.
 */
const TOKEN =
  /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}]|(?:(?![\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}])[\p{L}\p{N}\p{M}_])+/gu;
const IDEOGRAPHIC = /^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}]$/u;

/** The case-folded tokens of a decoded text. */
export function tokenize(text: string): string[] {
  return text.normalize('NFC').toLocaleLowerCase('und').match(TOKEN) ?? [];
}

/** The tokens of raw value bytes (any supported character set). */
export const tokensOf = (b: Buffer): string[] => tokenize(decodeText(b));

/** How much a run of tokens says: letters and digits count 1, an ideographic character 2. */
export function weight(tokens: readonly string[]): number {
  let w = 0;
  for (const t of tokens) w += t.length === 1 && IDEOGRAPHIC.test(t) ? 2 : t.length;
  return w;
}

/** A needle: a run of tokens and what it stands for (the caller's payload). */
export interface Needle<T> {
  tokens: readonly string[];
  data: T;
}

/** A hit: the needle and the index of its first token in the haystack's tokens. */
export interface Hit<T> {
  needle: Needle<T>;
  at: number;
}

/**
 * A set of needles indexed by their first token: one Map look-up per haystack token, then a short
 * comparison of the following tokens, whatever the number of needles (not needles × indexOf).
 */
export class NeedleMatcher<T> {
  private readonly byFirst = new Map<string, Needle<T>[]>();
  private longest = 0;
  private longestBytes = 0;

  /** Adds a needle; an empty run of tokens is ignored. */
  add(tokens: readonly string[], data: T): void {
    const first = tokens[0];
    if (first === undefined) return;
    const list = this.byFirst.get(first);
    const needle = { tokens, data };
    if (list) list.push(needle);
    else this.byFirst.set(first, [needle]);
    this.longest = Math.max(this.longest, tokens.length);
    // Bytes of the needle in the worst encoding (4 bytes a character) plus a separator between tokens.
    this.longestBytes = Math.max(
      this.longestBytes,
      tokens.reduce((n, t) => n + 4 * t.length + 8, 0),
    );
  }

  get size(): number {
    return this.byFirst.size;
  }

  /** Bytes a streamed scan must carry over between windows so that no needle is cut in two. */
  get overlapBytes(): number {
    return this.longestBytes;
  }

  /** Every hit in a haystack's tokens, the ones `accept` refuses excluded; stops at the first accepted. */
  find(haystack: readonly string[], accept: (hit: Hit<T>) => boolean = () => true): Hit<T> | undefined {
    for (let i = 0; i < haystack.length; i++) {
      const candidates = this.byFirst.get(haystack[i] as string);
      if (!candidates) continue;
      for (const needle of candidates) {
        const n = needle.tokens.length;
        if (i + n > haystack.length) continue;
        let k = 1;
        while (k < n && haystack[i + k] === needle.tokens[k]) k++;
        if (k === n && accept({ needle, at: i })) return { needle, at: i };
      }
    }
    return undefined;
  }
}

/** Bytes that end a token whatever the character set: ASCII that is neither a letter nor a digit. */
const isAsciiSeparator = (c: number) =>
  c < 0x80 &&
  c !== 0x5f &&
  !((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a));

/**
 * Scans a long value that arrives in windows (kept bulk text) in bounded memory: each window is
 * scanned together with a carried tail of at most `matcher.overlapBytes` bytes, cut at a separator so
 * that no word is split into a false token. A window that is one unbroken word longer than the tail
 * cannot hold a needle across its edge; the next window then drops its first, partial, token. The
 * decoder is stateless per window: ISO 2022 shift state is not carried across windows.
 */
export class StreamingNeedleScanner<T> {
  private tail: Buffer = Buffer.alloc(0);
  private midToken = false;

  constructor(private readonly matcher: NeedleMatcher<T>) {}

  /** Scans the next window; the first hit, if any. */
  push(window: Buffer): Hit<T> | undefined {
    const joined = this.tail.length > 0 ? Buffer.concat([this.tail, window]) : window;
    const tokens = tokensOf(joined);
    const hit = this.matcher.find(this.midToken ? tokens.slice(1) : tokens);
    const keep = this.matcher.overlapBytes;
    let start = Math.max(0, joined.length - keep);
    while (start < joined.length && !isAsciiSeparator(joined[start] as number)) start++;
    this.midToken = start >= joined.length && joined.length > 0 && !isAsciiSeparator(joined.at(-1) as number);
    this.tail = Buffer.from(joined.subarray(start));
    return hit;
  }
}
