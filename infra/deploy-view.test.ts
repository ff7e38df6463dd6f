/**
 * The deploy view Terraform reads: generated from the manifest for any mix of trigger kinds, and committed
 * current (like `npm run schemas -- --check`; regenerate with `npm run infra:generate`).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { small } from '../functions/manifest.helpers.ts';
import { entries } from '../functions/manifest.ts';
import type { FunctionSpec, PubsubTrigger } from '../functions/manifest.types.ts';
import { defineCommand, defineEvent } from '../schemas/message.ts';
import { currentInputs, indexesOf } from './deploy-inputs.ts';
import { accountId, cpuFor, type DeployInputs, deployView } from './deploy-view.ts';
import { renderView, staleness } from './generated-file.ts';

describe('infra/generated/manifest.json', () => {
  it('is current: regenerating from the manifest gives the committed file (npm run infra:generate)', async () => {
    expect(staleness(renderView(deployView(await currentInputs())))).toBeUndefined();
  });

  it('filters a subscription to the types its function handles (on ce-type)', async () => {
    const view = deployView(await currentInputs());
    expect(view.pushSubscriptions['notify-subscription-failed']?.filter).toBe(
      'attributes.ce-type = "saludtech.subscriptions.failed.v1"',
    );
    // project-centers reads v1 upcast to v2: it takes the whole topic, so no filter at all.
    expect(view.pushSubscriptions['project-centers']?.filter).toBeNull();
  });

  it('lists every manifest function exactly once', async () => {
    const view = deployView(await currentInputs());
    expect(Object.keys(view.functions).sort()).toEqual(
      entries()
        .map((e) => e.name)
        .sort(),
    );
  });
});

// A manifest with one function of each trigger kind, two contexts and a saga.
const Ping = defineCommand('demo', 'ping', 1, z.object({ id: z.string() }));
const Pinged = defineEvent('demo', 'pinged', 1, z.object({ id: z.string(), note: z.string().optional() }));
const fn = (name: string, context: string, trigger: FunctionSpec['trigger']) => ({
  ...small,
  name,
  context,
  description: name,
  trigger,
});
const inputs: DeployInputs = {
  functions: [
    fn('ping', 'demo', { kind: 'http', method: 'POST', path: '/pings', roles: ['admin'] }),
    fn('get-ping', 'demo', { kind: 'http', method: 'GET', path: '/pings/{id}', roles: 'public' }),
    fn('handle-ping', 'demo', {
      kind: 'pubsub',
      topic: 'demo.ping',
      handles: [Ping],
      minBackoffSeconds: 5,
      maxBackoffSeconds: 60,
      maxDeliveryAttempts: 7,
      ackDeadlineSeconds: 30,
    }),
    { ...fn('scan-upload', 'scanner', { kind: 'storage', bucket: 'ingest' }), memory: '2Gi', concurrency: 1 },
    fn('saga-step', 'scanner', { kind: 'workflow', path: '/step' }),
    fn('sweep-pings', 'demo', { kind: 'schedule', path: '/', cron: '*/5 * * * *', localEverySeconds: 5 }),
  ],
  ttlPolicies: [{ collection: 'pings-seen', field: 'expireAt' }],
  topics: {
    'demo.ping': { context: 'demo', carries: [Ping] },
    'demo.events': { context: 'demo', carries: [Pinged] },
  },
  workflows: {
    'ping-saga': {
      context: 'demo',
      description: 'saga',
      source: 'infra/workflows/ping-saga.yaml',
      trigger: { kind: 'pubsub', topic: 'demo.events' },
    },
  },
  indexes: {
    demo: [
      {
        collection: 'pings',
        fields: [
          { path: 'status', order: 'ASCENDING' },
          { path: 'at', order: 'DESCENDING' },
        ],
      },
    ],
  },
  grantsFor: (c) =>
    c === 'scanner'
      ? { buckets: { ingest: 'read-write-delete' }, kms: ['token-kek'], publishesTo: ['demo.events'] }
      : {},
  deadLetterTopic: (f) => `${f}.dead-letter`,
  subscriptionName: (f) => `${f}.push`,
  readAvro: (type) =>
    type === Ping.type
      ? { type: 'record', name: 'PingV1', fields: [{ name: 'id', type: 'string' }] }
      : { type: 'record', name: 'PingedV1', fields: [{ name: 'note', type: ['null', 'string'] }] },
};

describe('deployView over any manifest', () => {
  const view = deployView(inputs);

  it('partitions functions by trigger kind into the maps Terraform iterates', () => {
    expect(Object.keys(view.functions)).toEqual([
      'get-ping',
      'handle-ping',
      'ping',
      'saga-step',
      'scan-upload',
      'sweep-pings',
    ]);
    expect(Object.keys(view.httpRoutes)).toEqual(['get-ping', 'ping']);
    expect(Object.keys(view.pushSubscriptions)).toEqual(['handle-ping']);
    expect(view.storageTriggers).toEqual({ 'scan-upload': { bucket: 'ingest' } });
    expect(view.workflowSteps).toEqual({ 'saga-step': { path: '/step' } });
    expect(view.workflowInvokers).toEqual({
      'ping-saga/saga-step': { workflow: 'ping-saga', function: 'saga-step' },
    });
  });

  it('gives every Pub/Sub function its subscription, backoff and own dead-letter topic', () => {
    expect(view.pushSubscriptions['handle-ping']).toEqual({
      subscription: 'handle-ping.push',
      topic: 'demo.ping',
      deadLetterTopic: 'handle-ping.dead-letter',
      ackDeadlineSeconds: 30,
      minimumBackoff: '5s',
      maximumBackoff: '60s',
      maxDeliveryAttempts: 7,
      // It handles all the topic carries: no filter.
      filter: null,
    });
    expect(view.deadLetterTopics).toEqual({
      'handle-ping.dead-letter': { function: 'handle-ping', context: 'demo' },
    });
  });

  it('runs each function as its context account, entry point = function name, ingress by kind', () => {
    expect(view.functions.ping).toMatchObject({
      entryPoint: 'ping',
      serviceAccount: 'demo',
      ingress: 'ALLOW_INTERNAL_AND_GCLB',
    });
    expect(view.functions['scan-upload']).toMatchObject({
      serviceAccount: 'scanner',
      ingress: 'ALLOW_INTERNAL_ONLY',
      eventTriggers: [{ eventType: 'google.cloud.storage.object.v1.finalized', bucket: 'ingest' }],
    });
    expect(view.serviceAccounts).toEqual({
      demo: { accountId: 'fn-demo', displayName: 'SaludTech demo functions' },
      scanner: { accountId: 'fn-scanner', displayName: 'SaludTech scanner functions' },
    });
  });

  it('attaches a topic schema only where it can validate what is published', () => {
    expect(view.topics['demo.ping']?.schema).toMatchObject({
      attached: true,
      definitionFile: `schemas/generated/avro/${Ping.type}.avsc`,
    });
    expect(view.topics['demo.events']?.schema).toMatchObject({ attached: false });
    expect(Object.keys(view.topicSchemas)).toEqual([Ping.type]);
  });

  it('derives IAM from the context grants: own topics, dead-letter topics, listed topics, buckets, keys', () => {
    expect(Object.keys(view.topicPublishers)).toEqual([
      'demo/demo.events',
      'demo/demo.ping',
      'demo/handle-ping.dead-letter',
      'scanner/demo.events',
    ]);
    expect(view.bucketRoles).toEqual({
      'scanner/ingest/roles/storage.objectUser': {
        context: 'scanner',
        bucket: 'ingest',
        role: 'roles/storage.objectUser',
      },
    });
    expect(view.kmsRoles).toEqual({
      'scanner/token-kek': {
        context: 'scanner',
        key: 'token-kek',
        role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
      },
    });
  });

  it('schedules each scheduled function with its cron, and declares each TTL policy', () => {
    expect(view.scheduledJobs).toEqual({
      'sweep-pings': { path: '/', cron: '*/5 * * * *', context: 'demo' },
    });
    expect(view.functions['sweep-pings']?.ingress).toBe('ALLOW_INTERNAL_ONLY');
    expect(view.firestoreTtl).toEqual({
      'pings-seen/expireAt': { collection: 'pings-seen', field: 'expireAt' },
    });
  });

  it('carries the saga source path and trigger topic, and composite indexes', () => {
    expect(view.workflows['ping-saga']).toMatchObject({
      source: 'infra/workflows/ping-saga.yaml',
      triggerTopic: 'demo.events',
      accountId: 'wf-ping-saga',
    });
    expect(Object.values(view.firestoreIndexes)).toEqual([
      {
        context: 'demo',
        collection: 'pings',
        queryScope: 'COLLECTION',
        fields: inputs.indexes.demo?.[0]?.fields,
      },
    ]);
  });

  it('refuses a manifest Terraform could not deploy', () => {
    const bad = {
      ...inputs,
      functions: [
        fn('orphan', 'demo', { ...(inputs.functions[2]?.trigger as PubsubTrigger), topic: 'nowhere' }),
        fn('wrong-bucket', 'demo', { kind: 'storage', bucket: 'uploads' }),
        fn('x'.repeat(49), 'demo', { kind: 'workflow', path: '/x' }),
      ],
    };
    expect(() => deployView(bad)).toThrow(
      /orphan: subscribes to unknown topic nowhere[\s\S]*unknown bucket uploads[\s\S]*48 characters/,
    );
  });
});

describe('sizing and names', () => {
  it('gives a full vCPU whenever an instance serves concurrent requests', () => {
    expect(cpuFor({ memory: '256Mi', concurrency: 80 })).toBe('1');
    expect(cpuFor({ memory: '256Mi', concurrency: 1 })).toBe('0.167');
    expect(cpuFor({ memory: '4Gi', concurrency: 1 })).toBe('2');
  });

  it('rejects a service account id IAM would refuse', () => {
    expect(accountId('fn', 'data-services')).toBe('fn-data-services');
    expect(() => accountId('fn', 'a-very-long-context-name-here')).toThrow(/6-30/);
  });
});

describe('indexesOf', () => {
  it('reads the canonical `indexes` export, or a single `<name>Indexes` export with `field` for `path`', () => {
    const fields = [
      { field: 'a', order: 'ASCENDING' },
      { field: 'b', order: 'DESCENDING' },
    ];
    expect(indexesOf({ imagingIndexes: [{ collection: 'c', fields }] }, 'm.ts')).toEqual([
      {
        collection: 'c',
        fields: [
          { path: 'a', order: 'ASCENDING' },
          { path: 'b', order: 'DESCENDING' },
        ],
      },
    ]);
  });

  it('names the module and the field when an index is malformed or missing', () => {
    expect(() =>
      indexesOf({ indexes: [{ collection: 'c', fields: [{ path: 'a', order: 'UP' }] }] }, 'm.ts'),
    ).toThrow(/m\.ts indexes: 0\.fields\.0\.order/);
    expect(() => indexesOf({ other: 1 }, 'm.ts')).toThrow(/m\.ts must export `indexes`/);
  });
});
