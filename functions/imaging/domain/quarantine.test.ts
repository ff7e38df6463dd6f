import { describe, expect, it } from 'vitest';
import {
  actingRole,
  auditIdOf,
  copyStatusOf,
  decideDiscard,
  decideReprocess,
  decideSettlement,
  isQuarantineItem,
  jobState,
} from './quarantine.ts';

const id = '0b7a4f1e-8c2d-8e3f-9a4b-5c6d7e8f9a0b';
const entry = (status: string, more: object = {}) => ({ imageId: id, status, ...more });

describe('decideReprocess', () => {
  it('starts an open item (refused or held), remembering where its copy is', () => {
    expect(decideReprocess(entry('rejected'))).toEqual({ action: 'start', reviewOf: 'rejected' });
    expect(decideReprocess(entry('held'))).toEqual({ action: 'start', reviewOf: 'held' });
  });
  it('resumes an item already under way, so a second request sends nothing twice', () => {
    expect(decideReprocess(entry('reprocessing', { reviewOf: 'held' }))).toEqual({ action: 'resume' });
  });
  it('skips closed items and anything that never was a quarantine item', () => {
    expect(decideReprocess(entry('reprocessed'))).toEqual({ action: 'skip', why: 'reprocessed' });
    expect(decideReprocess(entry('discarded'))).toEqual({ action: 'skip', why: 'discarded' });
    expect(decideReprocess(entry('anonymized'))).toEqual({ action: 'skip', why: 'not-quarantined' });
    expect(decideReprocess(entry('received'))).toEqual({ action: 'skip', why: 'not-quarantined' });
    expect(decideReprocess(undefined)).toEqual({ action: 'skip', why: 'not-quarantined' });
  });
});

describe('decideDiscard', () => {
  it('discards open items once; again is a no-op; moving or closed items conflict', () => {
    expect(decideDiscard(entry('held'))).toEqual({ action: 'discard', reviewOf: 'held' });
    expect(decideDiscard(entry('discarded'))).toEqual({ action: 'already' });
    expect(decideDiscard(entry('reprocessing'))).toEqual({ action: 'conflict', why: 'reprocessing' });
    expect(decideDiscard(entry('reprocessed'))).toEqual({ action: 'conflict', why: 'reprocessed' });
    expect(decideDiscard(entry('anonymized'))).toEqual({ action: 'not-found' });
    expect(decideDiscard(undefined)).toEqual({ action: 'not-found' });
  });
});

describe('decideSettlement', () => {
  const published = { imageId: 'new', status: 'anonymized' as const };
  it('counts a published re-upload as published, a refused or held one as still refused', () => {
    const moving = entry('reprocessing', { reviewOf: 'held' });
    expect(decideSettlement(moving, published)).toEqual({
      action: 'settle',
      counter: 'published',
      reviewOf: 'held',
    });
    expect(decideSettlement(moving, { imageId: 'new', status: 'held' })).toMatchObject({
      counter: 'stillRefused',
    });
    expect(decideSettlement(moving, { imageId: 'new', status: 'rejected' })).toMatchObject({
      counter: 'stillRefused',
    });
  });
  it('settles an open item whose start never committed (the copy went out first)', () => {
    expect(decideSettlement(entry('rejected'), published)).toMatchObject({
      action: 'settle',
      reviewOf: 'rejected',
    });
  });
  it('settles once: the finish tail running again changes nothing', () => {
    expect(decideSettlement(entry('reprocessed', { reprocessedAs: 'new' }), published)).toEqual({
      action: 'ignore',
      why: 'already-settled',
    });
    expect(decideSettlement(entry('anonymized'), published)).toEqual({
      action: 'ignore',
      why: 'not-quarantined',
    });
    expect(decideSettlement(undefined, published)).toEqual({ action: 'ignore', why: 'not-quarantined' });
  });
});

describe('review helpers', () => {
  it('finds the copy of an item under the folder of the status it was refused with', () => {
    expect(copyStatusOf(entry('held'))).toBe('held');
    expect(copyStatusOf(entry('reprocessed', { reviewOf: 'held' }))).toBe('held');
    expect(copyStatusOf(entry('discarded'))).toBe('rejected');
  });
  it('tells quarantine items from other ledger entries', () => {
    expect(
      ['rejected', 'held', 'reprocessing', 'reprocessed', 'discarded'].every((s) =>
        isQuarantineItem({ status: s }),
      ),
    ).toBe(true);
    expect(isQuarantineItem({ status: 'anonymized' })).toBe(false);
  });
  it('reads a job as listing, running, then done once every listed item is settled', () => {
    expect(jobState({ listed: false, total: 3, done: 3 })).toBe('listing');
    expect(jobState({ listed: true, total: 3, done: 2 })).toBe('running');
    expect(jobState({ listed: true, total: 3, done: 3 })).toBe('done');
    expect(jobState({ listed: true, total: 0, done: 0 })).toBe('done');
  });
  it('derives one audit id per action and attempt', () => {
    expect(auditIdOf('reprocess', id, 'a')).toBe(auditIdOf('reprocess', id, 'a'));
    expect(auditIdOf('reprocess', id, 'a')).not.toBe(auditIdOf('reprocess', id, 'b'));
    expect(auditIdOf('discard', id)).toMatch(/^[0-9a-f]{64}$/);
  });
  it('audits the reviewing role when an officer holds several', () => {
    expect(actingRole(['admin', 'privacy_officer'])).toBe('privacy_officer');
    expect(actingRole(['admin'])).toBe('admin');
  });
});
