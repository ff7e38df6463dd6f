/** Decider specifications: given past events, when a command, it yields these events (or this rejection). */
import { describe, expect, it } from 'vitest';
import {
  type Decision,
  decide,
  fold,
  type NotificationCommand,
  type NotificationEvent,
  type NotificationRejection,
} from './notification.decider.ts';

import { at, created, failed, id, later, requested, sealed } from './notification.fixtures.ts';

const retry = { baseMs: 1000, maxDelayMs: 60_000 };

const given = (events: NotificationEvent[]) => ({
  when: (command: NotificationCommand) => ({
    yields: (expected: NotificationEvent[]) =>
      expect(decide(command, fold(events))).toEqual({ ok: true, events: expected }),
    rejects: (rejection: NotificationRejection) =>
      expect(decide(command, fold(events))).toMatchObject({
        ok: false,
        rejection,
      } satisfies Partial<Decision>),
  }),
});

const request = (
  over: Partial<Extract<NotificationCommand, { type: 'RequestNotification' }>> = {},
): NotificationCommand => ({
  type: 'RequestNotification',
  notificationId: id,
  recipientId: 'user:u1',
  channel: 'email',
  address: 'ana@example.org',
  sealedTo: sealed,
  template: 'welcome',
  language: 'es',
  values: { role: 'client' },
  cause: { type: 'saludtech.identity.user-registered.v1', id: 'e1' },
  maxAttempts: 3,
  policy: { allowLoopbackHttp: false },
  at,
  ...over,
});

const attempt = (
  n: number,
  outcome: Extract<NotificationCommand, { type: 'RecordAttempt' }>['outcome'],
  t = later(n),
) => ({ type: 'RecordAttempt', attempt: n, outcome, retry, at: t }) as NotificationCommand;
const http500 = { ok: false as const, reason: 'http-500', retryable: true };

describe('notification decider', () => {
  it('a request with a valid address is requested and created (the template rendered)', () => {
    given([]).when(request()).yields([requested, created]);
  });

  it('an invalid e-mail or webhook URL is rejected at creation: no events at all', () => {
    given([])
      .when(request({ address: 'not-an-email' }))
      .rejects('InvalidAddress');
    given([])
      .when(request({ channel: 'webhook', address: 'ftp://x.example/hook' }))
      .rejects('InvalidAddress');
    given([])
      .when(request({ channel: 'webhook', address: 'http://hooks.example/x' }))
      .rejects('InvalidAddress');
    given([])
      .when(
        request({ channel: 'webhook', address: 'http://127.0.0.1:9/x', policy: { allowLoopbackHttp: true } }),
      )
      .yields([{ ...requested, data: { ...requested.data, channel: 'webhook' } }, created]);
  });

  it('a missing template is a recorded, permanent failure (dead-lettered), not a crash', () => {
    const r = { ...requested, data: { ...requested.data, template: 'no-such-template' } };
    given([])
      .when(request({ template: 'no-such-template' }))
      .yields([
        r,
        {
          type: 'NotificationFailed',
          data: {
            notificationId: id,
            attempt: 0,
            reason: 'template-missing',
            retryable: false,
            at: at.toISOString(),
          },
        },
        {
          type: 'NotificationDeadLettered',
          data: { notificationId: id, attempts: 0, reason: 'template-missing', at: at.toISOString() },
        },
      ]);
  });

  it('asking twice for the same notification is refused (the caller treats it as done)', () => {
    given([requested, created]).when(request()).rejects('AlreadyRequested');
  });

  it('a delivered e-mail is sent, and confirmed only by the receipt', () => {
    given([requested, created])
      .when(attempt(1, { ok: true, receipt: '<m1>', confirmed: false }, at))
      .yields([
        {
          type: 'NotificationSent',
          data: { notificationId: id, attempt: 1, receipt: '<m1>', at: at.toISOString() },
        },
      ]);
    const sent: NotificationEvent = {
      type: 'NotificationSent',
      data: { notificationId: id, attempt: 1, receipt: '<m1>', at: at.toISOString() },
    };
    given([requested, created, sent])
      .when({ type: 'ConfirmDelivery', receipt: '<m1>', at })
      .yields([
        {
          type: 'NotificationConfirmed',
          data: { notificationId: id, receipt: '<m1>', at: at.toISOString() },
        },
      ]);
    given([requested, created]).when({ type: 'ConfirmDelivery', receipt: '<m1>', at }).rejects('NotSent');
  });

  it('a webhook 2xx is sent and confirmed at once (the answer is the receipt)', () => {
    given([requested, created])
      .when(attempt(1, { ok: true, receipt: 'http-204', confirmed: true }, at))
      .yields([
        {
          type: 'NotificationSent',
          data: { notificationId: id, attempt: 1, receipt: 'http-204', at: at.toISOString() },
        },
        {
          type: 'NotificationConfirmed',
          data: { notificationId: id, receipt: 'http-204', at: at.toISOString() },
        },
      ]);
  });

  it('transient failures retry with exponential backoff, then dead-letter when attempts run out', () => {
    given([requested, created])
      .when(attempt(1, http500, at))
      .yields([failed(1, at, later(1000))]);
    const f1 = failed(1, at, later(1000));
    given([requested, created, f1])
      .when(attempt(2, http500, later(1000)))
      .yields([failed(2, later(1000), later(3000))]);
    const f2 = failed(2, later(1000), later(3000));
    given([requested, created, f1, f2])
      .when(attempt(3, http500, later(3000)))
      .yields([
        failed(3, later(3000)),
        {
          type: 'NotificationDeadLettered',
          data: { notificationId: id, attempts: 3, reason: 'http-500', at: later(3000).toISOString() },
        },
      ]);
  });

  it('a permanent failure dead-letters at once', () => {
    given([requested, created])
      .when(attempt(1, { ok: false, reason: 'smtp-550', retryable: false }, at))
      .yields([
        { ...failed(1, at), data: { ...failed(1, at).data, reason: 'smtp-550' } } as NotificationEvent,
        {
          type: 'NotificationDeadLettered',
          data: { notificationId: id, attempts: 1, reason: 'smtp-550', at: at.toISOString() },
        },
      ]);
  });

  it('ignores an attempt that is not the awaited one (a redelivered or stale message)', () => {
    given([requested, created]).when(attempt(2, http500)).rejects('NotAwaitingThisAttempt');
    given([]).when(attempt(1, http500)).rejects('NotRequested');
  });

  it('a held digest takes more details until its hold ends or delivery starts', () => {
    const held = { ...requested, data: { ...requested.data, holdUntil: later(10_000).toISOString() } };
    const values = { role: 'client, expert' };
    given([held, created])
      .when({ type: 'AmendNotification', values, at: later(5000) })
      .yields([
        { type: 'NotificationAmended', data: { notificationId: id, values, at: later(5000).toISOString() } },
      ]);
    given([held, created])
      .when({ type: 'AmendNotification', values, at: later(10_000) })
      .rejects('AlreadyDelivering');
    given([held, created, failed(1, at, later(1000))])
      .when({ type: 'AmendNotification', values, at: later(500) })
      .rejects('AlreadyDelivering');
    expect(
      fold([
        held,
        created,
        { type: 'NotificationAmended', data: { notificationId: id, values, at: at.toISOString() } },
      ]),
    ).toMatchObject({ values });
  });

  it('state is the fold of the stream', () => {
    const s = fold([requested, created, failed(1, at, later(1000))]);
    expect(s).toMatchObject({ status: 'retrying', attempts: 1, lastReason: 'http-500', version: 3 });
  });
});
