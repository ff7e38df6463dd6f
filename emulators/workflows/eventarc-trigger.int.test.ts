/**
 * The Eventarc-style trigger against the suite's Pub/Sub emulator: a published message starts exactly one
 * execution whose argument is the production-shaped CloudEvent; a restart does not start it again.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, pubsub, suite } from '../test/suite.ts';
import { awaitExecution, type ClientConfig, listExecutions } from './client.ts';
import { startWorkflowsEmulator } from './workflows-server.ts';

const topic = `wf-trigger-${Date.now()}`;
const dataDir = mkdtempSync(join(tmpdir(), 'wf-trigger-data-'));
const workflowsDir = mkdtempSync(join(tmpdir(), 'wf-trigger-defs-'));
cpSync(new URL('./testdata', import.meta.url).pathname, workflowsDir, { recursive: true });

let emulator: Awaited<ReturnType<typeof startWorkflowsEmulator>> | undefined;
const start = async () => {
  emulator = await startWorkflowsEmulator({
    port: 0,
    dataDir,
    projectId: suite().projectId,
    workflowsDir,
    triggers: [{ workflow: 'echo', topic }],
    pubsubHost: suite().env.PUBSUB_EMULATOR_HOST as string,
  });
  return { host: emulator.url, projectId: suite().projectId } satisfies ClientConfig;
};
afterAll(async () => {
  await emulator?.close();
});

describe('Eventarc-style trigger on the Pub/Sub emulator', () => {
  it('is started by the suite and healthy', async () => {
    const res = await fetch(`${suite().env.WORKFLOWS_EMULATOR_HOST}/_health`);
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it('starts one execution per message with the CloudEvent as argument, and not again after a restart', async () => {
    let client = await start();
    const client2 = pubsub();
    const messageId = await client2
      .topic(topic)
      .publishMessage({ json: { subscriptionId: 's-1' }, attributes: { v: '1' } });
    const [execution] = await eventually(async () => {
      const list = await listExecutions('echo', client);
      return list.length > 0 ? list : undefined;
    });
    const done = await awaitExecution(execution?.name as string, client);
    expect(done.state).toBe('SUCCEEDED');
    expect(JSON.parse(done.argument as string)).toMatchObject({ id: messageId });
    expect(JSON.parse(done.result as string)).toEqual({
      type: 'google.cloud.pubsub.topic.v1.messagePublished',
      source: `//pubsub.googleapis.com/projects/${suite().projectId}/topics/${topic}`,
      id: messageId,
      payload: { subscriptionId: 's-1' },
      attributes: { v: '1' },
      subscription: `projects/${suite().projectId}/subscriptions/eventarc-echo`,
    });
    const event = JSON.parse(done.argument as string);
    expect(event).toMatchObject({
      specversion: '1.0',
      datacontenttype: 'application/json',
      data: { message: { messageId } },
    });
    expect(Date.parse(event.time)).not.toBeNaN();

    await emulator?.close();
    client = await start(); // the subscription already exists; the stored execution is kept
    await client2.topic(topic).publishMessage({ json: { subscriptionId: 's-2' } });
    const both = await eventually(async () => {
      const list = await listExecutions('echo', client);
      return list.length >= 2 ? list : undefined;
    });
    expect(both.map((e) => e.name).filter((n) => n === execution?.name)).toHaveLength(1);
    await client2.close();
  });
});
