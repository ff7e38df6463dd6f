/**
 * The notification aggregate as a pure decider over its event stream:
 * Requested → Created → Sent | Failed(attempt, reason) → retries with exponential backoff → Confirmed, or
 * DeadLettered once attempts run out or a failure is permanent. State is only ever a fold of the events.
 */

import type {
  Channel,
  Language,
  NotificationStatus,
  TemplateValues,
} from '../../../schemas/notifications/v1/notification.fields.ts';
import type { NotificationEvent } from '../../../schemas/notifications/v1/notification-events.ts';
import { type AddressPolicy, addressProblem } from './address.ts';
import { type RetryPolicy, retryDelayMs } from './backoff.ts';
import { render } from './render.ts';

export type { NotificationEvent };

export type NotificationState =
  | { status: 'none'; version: 0 }
  | {
      status: 'requested' | NotificationStatus;
      version: number;
      id: string;
      recipientId: string;
      channel: Channel;
      to: object;
      template: string;
      language: Language;
      values: TemplateValues;
      maxAttempts: number;
      holdUntil?: string;
      attempts: number;
      lastReason?: string;
      nextAttemptAt?: string;
      createdAt: string;
      updatedAt: string;
    };

export type DeliveryOutcome =
  | {
      ok: true;
      receipt: string /** The channel's answer is itself the delivery receipt (webhook 2xx). */;
      confirmed: boolean;
    }
  | { ok: false; reason: string; retryable: boolean };

export type NotificationCommand =
  | {
      type: 'RequestNotification';
      notificationId: string;
      recipientId: string;
      channel: Channel;
      /** Plaintext, only to be checked here; the event keeps `sealedTo`. */
      address: string;
      sealedTo: object;
      template: string;
      language: Language;
      values: TemplateValues;
      cause: { type: string; id: string };
      maxAttempts: number;
      policy: AddressPolicy;
      holdUntil?: Date;
      at: Date;
    }
  | { type: 'AmendNotification'; values: TemplateValues; at: Date }
  | { type: 'RecordAttempt'; attempt: number; outcome: DeliveryOutcome; retry: RetryPolicy; at: Date }
  | { type: 'ConfirmDelivery'; receipt: string; at: Date };

export type NotificationRejection =
  | 'AlreadyRequested'
  | 'InvalidAddress'
  | 'NotRequested'
  | 'NotAwaitingThisAttempt'
  | 'NotSent'
  | 'AlreadyDelivering';

export type Decision =
  | { ok: true; events: NotificationEvent[] }
  | { ok: false; rejection: NotificationRejection; reason?: string };

export const initialState = (): NotificationState => ({ status: 'none', version: 0 });

const accepted = (events: NotificationEvent[]): Decision => ({ ok: true, events });

function request(
  c: Extract<NotificationCommand, { type: 'RequestNotification' }>,
  s: NotificationState,
): Decision {
  if (s.status !== 'none') return { ok: false, rejection: 'AlreadyRequested' };
  const bad = addressProblem(c.channel, c.address, c.policy);
  if (bad) return { ok: false, rejection: 'InvalidAddress', reason: bad };
  const at = c.at.toISOString();
  const id = c.notificationId;
  const requested: NotificationEvent = {
    type: 'NotificationRequested',
    data: {
      notificationId: id,
      recipientId: c.recipientId,
      channel: c.channel,
      to: c.sealedTo,
      template: c.template,
      language: c.language,
      values: c.values,
      cause: c.cause,
      maxAttempts: c.maxAttempts,
      ...(c.holdUntil ? { holdUntil: c.holdUntil.toISOString() } : {}),
      at,
    },
  };
  const rendered = render(c.template, c.language, c.values);
  if (!rendered.ok) {
    // A template problem will not heal by retrying: record it and stop.
    return accepted([
      requested,
      {
        type: 'NotificationFailed',
        data: { notificationId: id, attempt: 0, reason: rendered.reason, retryable: false, at },
      },
      {
        type: 'NotificationDeadLettered',
        data: { notificationId: id, attempts: 0, reason: rendered.reason, at },
      },
    ]);
  }
  return accepted([
    requested,
    { type: 'NotificationCreated', data: { notificationId: id, subject: rendered.message.subject, at } },
  ]);
}

function recordAttempt(
  c: Extract<NotificationCommand, { type: 'RecordAttempt' }>,
  s: NotificationState,
): Decision {
  if (s.status === 'none') return { ok: false, rejection: 'NotRequested' };
  const awaiting = s.status === 'created' || s.status === 'retrying';
  if (!awaiting || c.attempt !== s.attempts + 1) return { ok: false, rejection: 'NotAwaitingThisAttempt' };
  const at = c.at.toISOString();
  const id = s.id;
  const o = c.outcome;
  if (o.ok) {
    const sent: NotificationEvent = {
      type: 'NotificationSent',
      data: { notificationId: id, attempt: c.attempt, receipt: o.receipt, at },
    };
    return accepted(
      o.confirmed
        ? [sent, { type: 'NotificationConfirmed', data: { notificationId: id, receipt: o.receipt, at } }]
        : [sent],
    );
  }
  if (o.retryable && c.attempt < s.maxAttempts) {
    const nextAttemptAt = new Date(c.at.getTime() + retryDelayMs(c.attempt, c.retry)).toISOString();
    return accepted([
      {
        type: 'NotificationFailed',
        data: {
          notificationId: id,
          attempt: c.attempt,
          reason: o.reason,
          retryable: true,
          nextAttemptAt,
          at,
        },
      },
    ]);
  }
  return accepted([
    {
      type: 'NotificationFailed',
      data: { notificationId: id, attempt: c.attempt, reason: o.reason, retryable: false, at },
    },
    {
      type: 'NotificationDeadLettered',
      data: { notificationId: id, attempts: c.attempt, reason: o.reason, at },
    },
  ]);
}

/** Only a notification nobody tried to deliver yet can still change what it says. */
function amend(
  c: Extract<NotificationCommand, { type: 'AmendNotification' }>,
  s: NotificationState,
): Decision {
  if (s.status === 'none') return { ok: false, rejection: 'NotRequested' };
  const held =
    s.status === 'created' && s.attempts === 0 && (!s.holdUntil || c.at.getTime() < Date.parse(s.holdUntil));
  if (!held) return { ok: false, rejection: 'AlreadyDelivering' };
  return accepted([
    { type: 'NotificationAmended', data: { notificationId: s.id, values: c.values, at: c.at.toISOString() } },
  ]);
}

function confirm(
  c: Extract<NotificationCommand, { type: 'ConfirmDelivery' }>,
  s: NotificationState,
): Decision {
  if (s.status === 'confirmed') return accepted([]); // a repeated receipt changes nothing
  if (s.status !== 'sent') return { ok: false, rejection: 'NotSent' };
  return accepted([
    {
      type: 'NotificationConfirmed',
      data: { notificationId: s.id, receipt: c.receipt, at: c.at.toISOString() },
    },
  ]);
}

export function decide(command: NotificationCommand, state: NotificationState): Decision {
  switch (command.type) {
    case 'RequestNotification':
      return request(command, state);
    case 'RecordAttempt':
      return recordAttempt(command, state);
    case 'ConfirmDelivery':
      return confirm(command, state);
    case 'AmendNotification':
      return amend(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

export function evolve(state: NotificationState, event: NotificationEvent): NotificationState {
  const version = state.version + 1;
  if (event.type === 'NotificationRequested') {
    const d = event.data;
    return {
      status: 'requested',
      version,
      id: d.notificationId,
      recipientId: d.recipientId,
      channel: d.channel,
      to: d.to,
      template: d.template,
      language: d.language,
      values: d.values,
      maxAttempts: d.maxAttempts,
      ...(d.holdUntil ? { holdUntil: d.holdUntil } : {}),
      attempts: 0,
      createdAt: d.at,
      updatedAt: d.at,
    };
  }
  if (state.status === 'none') throw new Error(`${event.type} before NotificationRequested`);
  const base = { ...state, version, updatedAt: event.data.at };
  switch (event.type) {
    case 'NotificationCreated':
      return { ...base, status: 'created' };
    case 'NotificationAmended':
      return { ...base, values: event.data.values };
    case 'NotificationSent': {
      const { nextAttemptAt: _, ...rest } = base;
      return { ...rest, status: 'sent', attempts: event.data.attempt };
    }
    case 'NotificationFailed': {
      const { nextAttemptAt: _, ...rest } = base;
      return {
        ...rest,
        status: event.data.retryable ? 'retrying' : state.status,
        attempts: event.data.attempt,
        lastReason: event.data.reason,
        ...(event.data.nextAttemptAt ? { nextAttemptAt: event.data.nextAttemptAt } : {}),
      };
    }
    case 'NotificationConfirmed':
      return { ...base, status: 'confirmed' };
    case 'NotificationDeadLettered':
      return { ...base, status: 'dead-lettered', lastReason: event.data.reason };
    default: {
      const unknown: never = event;
      throw new Error(`unknown event ${JSON.stringify(unknown)}`);
    }
  }
}

/** Rehydrates a stream: state is nothing but the fold of its events. */
export const fold = (events: readonly NotificationEvent[]): NotificationState =>
  events.reduce(evolve, initialState());
