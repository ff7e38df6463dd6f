/**
 * Eventarc's role locally: a pull subscription `eventarc-<workflow>` per trigger topic; each message starts
 * one execution with the event as its runtime argument, shaped as production delivers a Pub/Sub CloudEvent
 * to Workflows. The execution id is derived from the message id, so a redelivery finds the execution
 * already stored and starts nothing (dedupe persisted with the execution itself).
 */
import { createHash } from 'node:crypto';
import type { Message, PubSub, Subscription } from '@google-cloud/pubsub';

export interface Trigger {
  workflow: string;
  topic: string;
}

export interface TriggerTarget {
  projectId: string;
  /** True when an execution with this id already exists for the workflow. */
  exists(workflow: string, executionId: string): boolean;
  start(workflow: string, argument: string, executionId: string): void;
}

export const subscriptionFor = (workflow: string) => `eventarc-${workflow}`;

/**
 * A UUID-shaped execution id that is the same for every delivery of one message to one workflow. The
 * publish time is part of it because the Pub/Sub emulator restarts message ids at 1 on every start, while
 * executions persist: the id alone would map a new event onto an old execution and skip it.
 */
export function executionIdFor(workflow: string, messageId: string, publishTime = ''): string {
  const h = createHash('sha256').update(`${workflow}\n${messageId}\n${publishTime}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The CloudEvent (as a JSON map) that production Workflows receives for a Pub/Sub message. */
export function pubsubEvent(projectId: string, topic: string, subscription: string, m: Message) {
  const publishTime = m.publishTime.toISOString();
  const attributes = m.attributes ?? {};
  return {
    specversion: '1.0',
    id: m.id,
    source: `//pubsub.googleapis.com/projects/${projectId}/topics/${topic}`,
    type: 'google.cloud.pubsub.topic.v1.messagePublished',
    datacontenttype: 'application/json',
    time: publishTime,
    data: {
      subscription: `projects/${projectId}/subscriptions/${subscription}`,
      message: {
        data: m.data.toString('base64'),
        ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
        messageId: m.id,
        publishTime,
      },
    },
  };
}

async function ensure(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (err) {
    if ((err as { code?: number }).code !== 6) throw err; // ALREADY_EXISTS: someone else made it
  }
}

/** Creates (idempotently) the subscriptions and starts listening; resolves once every one is ready. */
export async function startTriggers(pubsub: PubSub, triggers: Trigger[], target: TriggerTarget) {
  const subs: Subscription[] = [];
  for (const t of triggers) {
    const name = subscriptionFor(t.workflow);
    if (!(await pubsub.topic(t.topic).exists())[0]) await ensure(() => pubsub.createTopic(t.topic));
    if (!(await pubsub.subscription(name).exists())[0])
      await ensure(() => pubsub.topic(t.topic).createSubscription(name, { ackDeadlineSeconds: 60 }));
    const sub = pubsub.subscription(name, { flowControl: { maxMessages: 200 } });
    sub.on('message', (m: Message) => {
      try {
        const id = executionIdFor(t.workflow, m.id, m.publishTime.toISOString());
        if (!target.exists(t.workflow, id)) {
          const event = pubsubEvent(target.projectId, t.topic, name, m);
          target.start(t.workflow, JSON.stringify(event), id);
        }
        m.ack();
      } catch (err) {
        console.error(
          JSON.stringify({
            severity: 'ERROR',
            message: 'eventarc trigger failed',
            workflow: t.workflow,
            error: String(err),
          }),
        );
        m.nack();
      }
    });
    sub.on('error', (err) =>
      console.error(
        JSON.stringify({
          severity: 'ERROR',
          message: 'subscription error',
          workflow: t.workflow,
          error: String(err),
        }),
      ),
    );
    subs.push(sub);
  }
  return { close: () => Promise.all(subs.map((s) => s.close())).then(() => undefined) };
}
