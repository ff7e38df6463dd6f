import { describe, expect, it } from 'vitest';
import { DEFAULT_INGEST_POLICY } from './anonymizer.ts';
import { decideDelivery, finishOf, ingestPolicyOf } from './ingest-pipeline.ts';

describe('decideDelivery', () => {
  it('finishes again what a ledger already finished, whatever the attempts', () => {
    expect(decideDelivery({ status: 'held', attempts: 9 }, 5)).toEqual({ action: 'finish-again' });
    expect(decideDelivery({ status: 'anonymized', attempts: 2 }, 5)).toEqual({ action: 'finish-again' });
  });
  it('quarantines as poison past the attempt budget, else processes', () => {
    expect(decideDelivery({ status: 'received', attempts: 6 }, 5)).toEqual({
      action: 'poison',
      reason: 'processing-failed',
      detail: 'failed 5 times',
    });
    expect(decideDelivery({ status: 'received', attempts: 5 }, 5)).toEqual({ action: 'process' });
  });
});

describe('ingest policy', () => {
  it('is the defaults when a center has no record, and its choices over them otherwise', () => {
    expect(ingestPolicyOf()).toEqual(DEFAULT_INGEST_POLICY);
    expect(ingestPolicyOf({ requirePatientId: true })).toEqual({
      ...DEFAULT_INGEST_POLICY,
      requirePatientId: true,
    });
  });
});

describe('finishOf', () => {
  const anonymized = { status: 'anonymized' as const, bytes: 1 };
  it('publishes an anonymized outcome', () => {
    expect(finishOf(anonymized)).toEqual({ kind: 'publish', outcome: anonymized });
  });
  it('holds burned-in risk, whether the engine says held or (older engines) rejected', () => {
    const detail = 'modality US is at burned-in risk';
    const hold = { kind: 'hold', reason: 'burned-in-risk', detail };
    expect(finishOf({ status: 'held', reason: 'burned-in-risk', detail })).toEqual(hold);
    expect(finishOf({ status: 'rejected', reason: 'burned-in-risk', detail })).toEqual(hold);
  });
  it('quarantines every other refusal with its reason and detail', () => {
    expect(finishOf({ status: 'rejected', reason: 'truncated', detail: 'ends inside (7fe0,0010)' })).toEqual({
      kind: 'quarantine',
      reason: 'truncated',
      detail: 'ends inside (7fe0,0010)',
    });
  });
});
