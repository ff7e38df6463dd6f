import { describe, expect, it } from 'vitest';
import { storeResponseJson } from '../../functions/imaging/domain/dicomweb/stow-response.ts';
import { judgeStowAnswer, matchResponse, uploadIdFromLocation } from './stow-outcome.ts';

const sent = [
  { seq: 1, sopInstanceUid: '1.1' },
  { seq: 2, sopInstanceUid: '1.2' },
  { seq: 3, sopInstanceUid: '1.3' },
];
const CT = '1.2.840.10008.5.1.4.1.1.2';
const UPLOAD = '0b3f2c9e-8f1a-4c1e-9d7e-2a6b5c4d3e2f';

/** The platform's own Store Instances Response builder (functions/imaging/domain/dicomweb/stow-response.ts). */
const answer = (status: number, body: unknown, location: string | null = `/uploads/${UPLOAD}`) => ({
  status,
  contentType: 'application/dicom+json',
  body: JSON.stringify(body),
  location,
});

describe('judgeStowAnswer', () => {
  it('takes ReferencedSOPSequence as forwarded and FailedSOPSequence as failed with the reason', () => {
    const body = storeResponseJson([
      { stored: true, sopClassUid: CT, sopInstanceUid: '1.1' },
      { stored: false, sopClassUid: CT, sopInstanceUid: '1.2', reason: 0xc000 },
      { stored: true, sopClassUid: CT, sopInstanceUid: '1.3' },
    ]);
    expect(judgeStowAnswer(sent, answer(202, body))).toEqual({
      kind: 'answered',
      platformUploadId: UPLOAD,
      results: [
        { seq: 1, result: 'forwarded' },
        { seq: 2, result: 'failed', reason: 'stow-c000' },
        { seq: 3, result: 'forwarded' },
      ],
    });
  });

  it('gives a failure with unreadable UIDs to an instance the answer does not name', () => {
    const body = storeResponseJson([
      { stored: true, sopClassUid: CT, sopInstanceUid: '1.1' },
      { stored: true, sopClassUid: CT, sopInstanceUid: '1.3' },
      { stored: false, reason: 0xc000 },
    ]);
    expect(matchResponse(sent, body)[1]).toEqual({ seq: 2, result: 'failed', reason: 'stow-c000' });
    expect(matchResponse([...sent, { seq: 4, sopInstanceUid: '9' }], body)[3]).toEqual({
      seq: 4,
      result: 'failed',
      reason: 'stow-not-in-answer',
    });
  });

  it('a 409 Store Instances Response (none stored) is an answer, not a retry', () => {
    const body = storeResponseJson(
      sent.map((s) => ({ stored: false, sopInstanceUid: s.sopInstanceUid, reason: 0xa900 })),
    );
    const v = judgeStowAnswer(sent, answer(409, body, null));
    expect(v).toMatchObject({ kind: 'answered' });
    expect(v.kind === 'answered' && v.results.every((r) => r.result === 'failed')).toBe(true);
  });

  it('retries on no usable answer, renews the token on 401, splits on 413, refuses on other 4xx', () => {
    const problem = { status: 0, contentType: 'application/problem+json', body: '{}', location: null };
    expect(judgeStowAnswer(sent, { ...problem, status: 503 })).toEqual({
      kind: 'retry',
      why: 'http-503',
      renewToken: false,
    });
    expect(judgeStowAnswer(sent, { ...problem, status: 403 })).toMatchObject({ kind: 'retry' });
    expect(judgeStowAnswer(sent, { ...problem, status: 429 })).toMatchObject({ kind: 'retry' });
    expect(judgeStowAnswer(sent, { ...problem, status: 401 })).toEqual({
      kind: 'retry',
      why: 'http-401',
      renewToken: true,
    });
    expect(judgeStowAnswer(sent, { ...problem, status: 413 })).toEqual({ kind: 'split' });
    expect(judgeStowAnswer(sent, { ...problem, status: 400 })).toEqual({
      kind: 'refused',
      reason: 'http-400',
    });
    expect(judgeStowAnswer(sent, { ...problem, status: 409 })).toEqual({
      kind: 'refused',
      reason: 'http-409',
    });
    expect(judgeStowAnswer(sent, { ...problem, status: 200, body: '<html>' })).toMatchObject({
      kind: 'retry',
    });
  });

  it('reads the platform upload from Location', () => {
    expect(uploadIdFromLocation(`/uploads/${UPLOAD}`)).toBe(UPLOAD);
    expect(uploadIdFromLocation(`https://api.example/uploads/${UPLOAD}?x=1`)).toBe(UPLOAD);
    expect(uploadIdFromLocation(null)).toBeUndefined();
  });
});
