import { describe, expect, it } from 'vitest';
import { journalLine, replayJournal } from './spool-journal.ts';

const spooled = (seq: number) =>
  journalLine({ op: 'spooled', seq, bytes: 10 * seq, sopClassUid: '1.2', sopInstanceUid: `1.2.${seq}` });

describe('replayJournal', () => {
  it('keeps spooled instances the platform has not answered for, in order', () => {
    const text = [
      spooled(2),
      spooled(1),
      spooled(3),
      journalLine({ op: 'forwarded', seq: 1, via: 'stow-rs' }),
      journalLine({ op: 'failed', seq: 3, reason: 'stow-c000' }),
    ].join('');
    const r = replayJournal(text);
    expect(r.pending.map((p) => p.seq)).toEqual([2]);
    expect(r.forwarded).toBe(1);
    expect(r.failed).toEqual([{ seq: 3, reason: 'stow-c000' }]);
    expect(r.closed).toBe(false);
  });

  it('survives a torn last line (a crash mid-append) and counts it', () => {
    const r = replayJournal(
      `${spooled(1)}${journalLine({ op: 'closed', at: 'now' })}{"op":"spooled","seq":2,"by`,
    );
    expect(r.pending.map((p) => p.seq)).toEqual([1]);
    expect(r.closed).toBe(true);
    expect(r.unreadable).toBe(1);
  });

  it('counts an instance answered twice (a settle replayed) once', () => {
    const line = journalLine({ op: 'forwarded', seq: 1, via: 'stow-rs' });
    expect(replayJournal(`${spooled(1)}${line}${line}`).forwarded).toBe(1);
  });
});
