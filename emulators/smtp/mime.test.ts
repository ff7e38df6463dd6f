import { describe, expect, it } from 'vitest';
import { decodeWords, splitMessage, textOf } from './mime.ts';

describe('reading stored mail', () => {
  it('decodes RFC 2047 words and unfolds headers', () => {
    expect(decodeWords('=?UTF-8?Q?Im=C3=A1genes_rechazadas?=')).toBe('Imágenes rechazadas');
    expect(decodeWords('=?UTF-8?B?QmllbnZlbmlkbw==?=')).toBe('Bienvenido');
    expect(splitMessage('Subject: a\r\n b\r\nX-Id: 1\r\n\r\nbody').headers).toEqual({
      subject: 'a b',
      'x-id': '1',
    });
  });
  it('finds the text part of a multipart message, quoted-printable decoded', () => {
    const raw = [
      'Content-Type: multipart/alternative; boundary="--b1"',
      '',
      '----b1',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Su cuenta est=C3=A1 lista.',
      '----b1',
      'Content-Type: text/html',
      '',
      '<p>x</p>',
      '----b1--',
    ].join('\r\n');
    expect(textOf(raw)).toBe('Su cuenta está lista.');
  });
});
