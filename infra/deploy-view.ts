/**
 * The deploy view of the function manifest: everything Terraform iterates over, pre-partitioned into maps so
 * every `for_each` in `infra/*.tf` is a plain path into `generated/manifest.json` (and the policy tests can
 * resolve it). Pure: the CLI in `generate.ts` gathers the inputs and writes the file.
 */

import { deliveryOf } from '../functions/manifest.filters.ts';
import type { BucketName, ContextGrants } from '../functions/manifest.iam.ts';
import { BUCKETS, bucketRoles, kmsRoles } from '../functions/manifest.iam.ts';
import type { FunctionSpec, TopicSpec, Trigger, WorkflowSpec } from '../functions/manifest.types.ts';
import type { TtlPolicy } from '../functions/platform/ttl-policies.ts';
import type { FirestoreIndex } from './indexes.types.ts';
import { prioritized } from './route-match.ts';
import { type TopicSchema, topicSchema } from './topic-schemas.ts';

export interface DeployInputs {
  functions: readonly (FunctionSpec & { name: string })[];
  topics: Readonly<Record<string, TopicSpec>>;
  workflows: Readonly<Record<string, WorkflowSpec>>;
  /** Composite indexes by context (contexts without an `indexes` export are absent). */
  indexes: Readonly<Record<string, readonly FirestoreIndex[]>>;
  grantsFor: (context: string) => ContextGrants;
  deadLetterTopic: (fn: string) => string;
  subscriptionName: (fn: string) => string;
  readAvro: (type: string) => unknown;
  /** Collections whose documents expire (functions/platform/ttl-policies.ts). */
  ttlPolicies: readonly TtlPolicy[];
}

/** The deployed build: `npm ci && npm run build` → `dist/`, one entry module, FUNCTION_TARGET picks the handler. */
export const SOURCE = {
  runtime: 'nodejs20',
  main: 'dist/functions/index.js',
  build: 'npm ci && npm run build',
};

// Cloud Run functions' default vCPU per memory size; concurrency above 1 needs at least one full vCPU.
const DEFAULT_CPU: Record<FunctionSpec['memory'], number> = {
  '256Mi': 0.167,
  '512Mi': 0.333,
  '1Gi': 0.583,
  '2Gi': 1,
  '4Gi': 2,
};
export const cpuFor = (f: Pick<FunctionSpec, 'memory' | 'concurrency'>): string =>
  String(Math.max(DEFAULT_CPU[f.memory], f.concurrency > 1 ? 1 : 0));

/**
 * Public routes are reachable only through the load balancer; everything else only from Google's own
 * event sources in the project (Pub/Sub push, Eventarc, Workflows), which Cloud Run counts as internal.
 */
const ingressFor = (t: Trigger) => (t.kind === 'http' ? 'ALLOW_INTERNAL_AND_GCLB' : 'ALLOW_INTERNAL_ONLY');

const SERVICE_ACCOUNT_ID = /^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])$/;
/** A service account id `<prefix>-<name>` (6–30 characters, as IAM requires): `fn-<context>`, `wf-<workflow>`. */
export function accountId(prefix: 'fn' | 'wf', name: string): string {
  const id = `${prefix}-${name}`;
  if (!SERVICE_ACCOUNT_ID.test(id))
    throw new Error(`"${name}" gives service account id "${id}", which IAM rejects (6-30 chars [a-z0-9-])`);
  return id;
}

const byKey = <T>(pairs: readonly (readonly [string, T])[]): Record<string, T> =>
  Object.fromEntries([...pairs].sort(([a], [b]) => a.localeCompare(b)));
const seconds = (n: number) => `${n}s`;

function functionsView(inputs: DeployInputs) {
  const fns = inputs.functions;
  const of = <K extends Trigger['kind']>(kind: K) =>
    fns.filter((f): f is typeof f & { trigger: Extract<Trigger, { kind: K }> } => f.trigger.kind === kind);
  return {
    functions: byKey(
      fns.map((f) => [
        f.name,
        {
          context: f.context,
          description: f.description,
          kind: f.trigger.kind,
          entryPoint: f.name,
          serviceAccount: f.context,
          memory: f.memory,
          cpu: cpuFor(f),
          timeoutSeconds: f.timeoutSeconds,
          concurrency: f.concurrency,
          minInstances: f.minInstances,
          maxInstances: f.maxInstances,
          ingress: ingressFor(f.trigger),
          // Eventarc triggers declared on the function itself (storage only: Pub/Sub uses our own subscriptions).
          eventTriggers:
            f.trigger.kind === 'storage'
              ? [{ eventType: 'google.cloud.storage.object.v1.finalized', bucket: f.trigger.bucket }]
              : [],
        },
      ]),
    ),
    httpRoutes: byKey(
      prioritized(of('http').map((f) => ({ ...f.trigger, name: f.name }))).map((r) => [
        r.name,
        { method: r.method, path: r.path, roles: r.roles, match: r.match, priority: r.priority },
      ]),
    ),
    pushSubscriptions: byKey(
      of('pubsub').map((f) => [
        f.name,
        {
          subscription: inputs.subscriptionName(f.name),
          topic: f.trigger.topic,
          deadLetterTopic: inputs.deadLetterTopic(f.name),
          ackDeadlineSeconds: f.trigger.ackDeadlineSeconds,
          minimumBackoff: seconds(f.trigger.minBackoffSeconds),
          maximumBackoff: seconds(f.trigger.maxBackoffSeconds),
          maxDeliveryAttempts: f.trigger.maxDeliveryAttempts,
          // `ce-type` filter (null: the whole topic). Pub/Sub cannot change a filter: a new one replaces the subscription.
          filter: deliveryOf(f.trigger, inputs.topics).filter ?? null,
        },
      ]),
    ),
    storageTriggers: byKey(of('storage').map((f) => [f.name, { bucket: f.trigger.bucket }])),
    workflowSteps: byKey(of('workflow').map((f) => [f.name, { path: f.trigger.path }])),
    scheduledJobs: byKey(
      of('schedule').map((f) => [f.name, { path: f.trigger.path, cron: f.trigger.cron, context: f.context }]),
    ),
    deadLetterTopics: byKey(
      of('pubsub').map((f) => [inputs.deadLetterTopic(f.name), { function: f.name, context: f.context }]),
    ),
  };
}

function topicsView(inputs: DeployInputs) {
  const decided = Object.entries(inputs.topics).map(([name, spec]) => {
    const types = [...spec.carries, ...(spec.copies ?? [])].map((m) => m.type);
    return [
      name,
      { context: spec.context, carries: types, schema: topicSchema(types, inputs.readAvro) },
    ] as const;
  });
  const attached = decided.flatMap(([topic, t]) =>
    t.schema.attached
      ? [[t.schema.schemaId, { ...t.schema, topic }] as [string, TopicSchema & { topic: string }]]
      : [],
  );
  return { topics: byKey(decided.map(([n, t]) => [n, t])), topicSchemas: byKey(attached) };
}

function indexesView(inputs: DeployInputs) {
  const key = (i: FirestoreIndex) =>
    [i.collection, ...i.fields.map((f) => `${f.path}_${f.order}`)]
      .join('__')
      .replace(/[^A-Za-z0-9_.-]/g, '-');
  return byKey(
    Object.entries(inputs.indexes).flatMap(([context, list]) =>
      list.map(
        (i) =>
          [
            key(i),
            { context, collection: i.collection, queryScope: i.queryScope ?? 'COLLECTION', fields: i.fields },
          ] as const,
      ),
    ),
  );
}

function iamView(inputs: DeployInputs, contexts: readonly string[], ownTopics: (c: string) => string[]) {
  const rows = <T extends object>(make: (context: string, g: ContextGrants) => (readonly [string, T])[]) =>
    byKey(contexts.flatMap((c) => make(c, inputs.grantsFor(c))));
  const dlqs = (c: string) =>
    inputs.functions
      .filter((f) => f.context === c && f.trigger.kind === 'pubsub')
      .map((f) => inputs.deadLetterTopic(f.name));
  return {
    serviceAccounts: byKey(
      contexts.map((c) => [c, { accountId: accountId('fn', c), displayName: `SaludTech ${c} functions` }]),
    ),
    topicPublishers: rows((c, g) =>
      [
        ...new Set([
          ...ownTopics(c),
          ...(g.publishesTo ?? []),
          ...(g.publishesToEveryTopic ? Object.keys(inputs.topics) : []),
          ...dlqs(c),
        ]),
      ].map((topic) => [`${c}/${topic}`, { context: c, topic }]),
    ),
    bucketRoles: rows((c, g) =>
      (Object.entries(g.buckets ?? {}) as [BucketName, keyof typeof bucketRoles][]).flatMap(
        ([bucket, access]) =>
          bucketRoles[access].map(
            (role) => [`${c}/${bucket}/${role}`, { context: c, bucket, role }] as const,
          ),
      ),
    ),
    kmsRoles: rows((c, g) =>
      (g.kms ?? []).map((key) => [`${c}/${key}`, { context: c, key, role: kmsRoles[key] }]),
    ),
    kmsRandom: rows((c, g) => (g.kmsRandom ? [[c, { context: c }]] : [])),
    urlSigners: rows((c, g) => (g.signsUrls ? [[c, { context: c }]] : [])),
    projectRoles: rows((c, g) =>
      (g.projectRoles ?? []).map(({ role, why }) => [`${c}/${role}`, { context: c, role, why }]),
    ),
  };
}

const FUNCTION_NAME = /^[a-z](?:[-a-z0-9]{0,46}[a-z0-9])?$/;

/** Checks what Terraform cannot: names fit, references between manifest parts resolve. */
function problems(inputs: DeployInputs): string[] {
  const out: string[] = [];
  for (const f of inputs.functions) {
    // Function, NEG and backend names (`saludtech-<env>-<function>`) must fit Compute's 63 characters.
    if (!FUNCTION_NAME.test(f.name))
      out.push(`${f.name}: function names are [a-z0-9-], at most 48 characters`);
    if (f.trigger.kind === 'pubsub' && !(f.trigger.topic in inputs.topics))
      out.push(`${f.name}: subscribes to unknown topic ${f.trigger.topic}`);
    if (f.trigger.kind === 'storage' && !(BUCKETS as readonly string[]).includes(f.trigger.bucket))
      out.push(
        `${f.name}: storage trigger on unknown bucket ${f.trigger.bucket} (infra/storage.tf has ${BUCKETS.join(', ')})`,
      );
  }
  for (const [name, wf] of Object.entries(inputs.workflows))
    if (!(wf.trigger.topic in inputs.topics))
      out.push(`workflow ${name}: started by unknown topic ${wf.trigger.topic}`);
  return out;
}

/** The whole deploy view; throws on a manifest Terraform could not deploy. */
export function deployView(inputs: DeployInputs) {
  const bad = problems(inputs);
  if (bad.length) throw new Error(`manifest cannot be deployed:\n  ${bad.join('\n  ')}`);
  const contexts = [
    ...new Set([
      ...inputs.functions.map((f) => f.context),
      ...Object.values(inputs.workflows).map((w) => w.context),
    ]),
  ].sort();
  const ownTopics = (c: string) => Object.keys(inputs.topics).filter((t) => inputs.topics[t]?.context === c);
  return {
    $comment:
      'Generated by `npm run infra:generate` from functions/manifest.ts and functions/manifest.iam.ts. Do not edit.',
    source: SOURCE,
    ...functionsView(inputs),
    ...topicsView(inputs),
    workflows: byKey(
      Object.entries(inputs.workflows).map(([name, wf]) => [
        name,
        {
          context: wf.context,
          description: wf.description,
          source: wf.source,
          triggerTopic: wf.trigger.topic,
          // Runs the saga and calls the step functions with OIDC; nothing else.
          accountId: accountId('wf', name),
        },
      ]),
    ),
    // Each saga may call every workflow step function (steps exist only to be called by sagas).
    workflowInvokers: byKey(
      Object.keys(inputs.workflows).flatMap((wf) =>
        inputs.functions
          .filter((f) => f.trigger.kind === 'workflow')
          .map((f) => [`${wf}/${f.name}`, { workflow: wf, function: f.name }] as const),
      ),
    ),
    firestoreIndexes: indexesView(inputs),
    firestoreTtl: byKey(inputs.ttlPolicies.map((p) => [`${p.collection}/${p.field}`, p])),
    ...iamView(inputs, contexts, ownTopics),
  };
}
export type DeployView = ReturnType<typeof deployView>;
