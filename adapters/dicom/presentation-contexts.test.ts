import { describe, expect, it } from 'vitest';
import { decideContext, negotiate } from './presentation-contexts.ts';

const CT = '1.2.840.10008.5.1.4.1.1.2';
const IMPLICIT = '1.2.840.10008.1.2';
const EXPLICIT = '1.2.840.10008.1.2.1';
const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';
const DEFLATED = '1.2.840.10008.1.2.1.99';

describe('presentation context negotiation', () => {
  it('accepts Verification with an uncompressed syntax, never a compressed one', () => {
    expect(
      decideContext({ id: 1, abstractSyntax: '1.2.840.10008.1.1', transferSyntaxes: [IMPLICIT] }),
    ).toEqual({
      id: 1,
      result: 'accept',
      transferSyntax: IMPLICIT,
    });
    expect(
      decideContext({ id: 3, abstractSyntax: '1.2.840.10008.1.1', transferSyntaxes: [JPEG_BASELINE] }).result,
    ).toBe('transfer-syntaxes-not-supported');
  });

  it("keeps the sender's order: the first proposed syntax the anonymizer takes wins", () => {
    expect(
      decideContext({ id: 5, abstractSyntax: CT, transferSyntaxes: [DEFLATED, JPEG_BASELINE, EXPLICIT] }),
    ).toEqual({ id: 5, result: 'accept', transferSyntax: JPEG_BASELINE });
  });

  it('refuses syntaxes the anonymizer does not take, and non-image SOP classes', () => {
    expect(decideContext({ id: 7, abstractSyntax: CT, transferSyntaxes: [DEFLATED] }).result).toBe(
      'transfer-syntaxes-not-supported',
    );
    const pdf = '1.2.840.10008.5.1.4.1.1.104.1';
    const sr = '1.2.840.10008.5.1.4.1.1.88.33';
    expect(
      negotiate(
        [pdf, sr].map((a, i) => ({ id: 2 * i + 1, abstractSyntax: a, transferSyntaxes: [EXPLICIT] })),
      ),
    ).toEqual([
      { id: 1, result: 'abstract-syntax-not-supported' },
      { id: 3, result: 'abstract-syntax-not-supported' },
    ]);
  });

  it('tolerates the NUL padding some senders leave on UIDs', () => {
    expect(decideContext({ id: 9, abstractSyntax: `${CT}\0`, transferSyntaxes: [`${EXPLICIT}\0`] })).toEqual({
      id: 9,
      result: 'accept',
      transferSyntax: EXPLICIT,
    });
  });
});
