import { describe, expect, it } from 'vitest';
import { decodeText, NeedleMatcher, StreamingNeedleScanner, tokenize, tokensOf } from './needle-match.ts';

describe('whole-token matching of identifying values', () => {
  it('cuts at word boundaries and the DICOM delimiters ^ \\ = and space, case-folded', () => {
    expect(tokenize('PÉREZ^Juanita\\DOE=ab c')).toEqual(['pérez', 'juanita', 'doe', 'ab', 'c']);
  });

  it('matches a needle only as a whole run of tokens, never inside a word', () => {
    const m = new NeedleMatcher<string>();
    m.add(tokenize('juanita perez'), 'name');
    expect(m.find(tokenize('Dr. PEREZ^JUANITA'))).toBeUndefined();
    expect(m.find(tokenize('seen: Juanita Perez, 3y'))?.needle.data).toBe('name');
    expect(m.find(tokenize('juanitaperez'))).toBeUndefined();
  });

  it('decodes UTF-8, Latin-1 and ISO 2022 JIS values; ideographs are one token each', () => {
    expect(decodeText(Buffer.from('Müller', 'latin1'))).toBe('Müller');
    expect(decodeText(Buffer.from('Müller', 'utf8'))).toBe('Müller');
    const jis = Buffer.from([0x1b, 0x24, 0x42, 0x3b, 0x33, 0x45, 0x44, 0x1b, 0x28, 0x42]); // 山田
    expect(tokensOf(jis)).toEqual(['山', '田']);
  });

  it('finds a needle cut across two windows of a streamed value, in bounded memory', () => {
    const m = new NeedleMatcher<string>();
    m.add(tokenize('canario plantado'), 'name');
    const s = new StreamingNeedleScanner(m);
    expect(s.push(Buffer.from(`${'x '.repeat(5000)}report for CANA`))).toBeUndefined();
    expect(s.push(Buffer.from('RIO PLANTADO, done'))?.needle.data).toBe('name');
    const clean = new StreamingNeedleScanner(m);
    expect(clean.push(Buffer.from('xcanario plantado'.slice(0, 9)))).toBeUndefined();
    expect(clean.push(Buffer.from('plantadox'))).toBeUndefined();
  });
});
