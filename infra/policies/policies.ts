/**
 * Policies over the parsed Terraform and the deploy view. Each is a pure function returning violations, so a
 * test can apply it to a deliberately broken copy and watch it fail.
 */
import type { Trigger } from '../../functions/manifest.types.ts';
import {
  type Block,
  dynamicBlocks,
  type Instance,
  instances,
  interpolate,
  referencedKey,
  type Terraform,
  Unresolvable,
} from './terraform.ts';

export interface Violation {
  policy: string;
  resource: string;
  problem: string;
}

export interface PolicyInput {
  tf: Terraform;
  /** The deploy view Terraform reads as `local.m`. */
  view: Record<string, unknown>;
  /** The function manifest as the code sees it (not the generated file, which may be stale). */
  manifest: { functions: readonly { name: string; trigger: Pick<Trigger, 'kind'> }[] };
  /** How `path.module` resolves relative to the repository root (`infra`). */
  modulePath: string;
  /** The environment's variable values (`environments/<env>.tfvars`). */
  vars: Block;
}

export type Policy = (input: PolicyInput) => Violation[];

const id = (i: Pick<Instance, 'type' | 'name' | 'key'>) =>
  `${i.type}.${i.name}${i.key === undefined ? '' : `["${i.key}"]`}`;
const first = (b: Block | undefined, name: string): Block | undefined =>
  (b?.[name] as Block[] | undefined)?.[0];
const of = (input: PolicyInput, type: string) =>
  instances(input.tf, input.view, input.vars).filter((i) => i.type === type);

/** Every Pub/Sub subscription retries with backoff and dead-letters; no Eventarc-owned Pub/Sub trigger on a function. */
export const subscriptionsDeadLetter: Policy = (input) => {
  const out: Violation[] = [];
  const v = (i: Instance, problem: string) => out.push({ policy: 'dead-letters', resource: id(i), problem });
  for (const sub of of(input, 'google_pubsub_subscription')) {
    // The inspect subscription of a dead-letter topic is where dead letters are read: it has none of its own.
    if (String(sub.body.topic).includes('google_pubsub_topic.dead_letter')) continue;
    const dlq = first(sub.body, 'dead_letter_policy');
    const retry = first(sub.body, 'retry_policy');
    if (!dlq?.dead_letter_topic) v(sub, 'no dead_letter_policy with a dead_letter_topic');
    else if (!(Number(dlq.max_delivery_attempts) >= 5) && !String(dlq.max_delivery_attempts).startsWith('${'))
      v(sub, 'max_delivery_attempts below 5 (Pub/Sub minimum)');
    if (!retry?.minimum_backoff || !retry?.maximum_backoff)
      v(sub, 'no retry_policy with minimum and maximum backoff');
  }
  // Eventarc creates (and owns) the subscription of a Pub/Sub event trigger: its dead-lettering is out of reach.
  for (const fn of of(input, 'google_cloudfunctions2_function'))
    for (const t of eventTriggers(fn, input))
      if (String((t as Block).eventType ?? (t as Block).event_type).includes('pubsub'))
        v(fn, 'Pub/Sub event_trigger: use a push subscription with a dead-letter policy (pubsub.tf)');
  // The view's subscriptions all point at a dead-letter topic Terraform creates.
  const dlqs = (input.view.deadLetterTopics ?? {}) as Record<string, unknown>;
  for (const [fn, s] of Object.entries((input.view.pushSubscriptions ?? {}) as Record<string, Block>))
    if (!(s.deadLetterTopic in dlqs))
      out.push({
        policy: 'dead-letters',
        resource: `view.pushSubscriptions.${fn}`,
        problem: 'dead-letter topic not created',
      });
  return out;
};

const PUBLIC = /\b(allUsers|allAuthenticatedUsers)\b/;
const membersOf = (b: Block): string[] =>
  [b.member, ...(Array.isArray(b.members) ? b.members : [b.members])].filter((m) => typeof m === 'string');

/** Buckets: uniform access, public access prevention, a CMEK; no ACL resources; no public member on any bucket. */
export const bucketsLockedDown: Policy = (input) => {
  const out: Violation[] = [];
  const v = (resource: string, problem: string) => out.push({ policy: 'buckets', resource, problem });
  for (const b of of(input, 'google_storage_bucket')) {
    if (b.body.uniform_bucket_level_access !== true) v(id(b), 'uniform_bucket_level_access is not true');
    if (b.body.public_access_prevention !== 'enforced')
      v(id(b), 'public_access_prevention is not "enforced"');
    if (!first(b.body, 'encryption')?.default_kms_key_name)
      v(id(b), 'no CMEK (encryption.default_kms_key_name)');
  }
  for (const r of input.tf.resources) {
    if (/^google_storage_(bucket|default_object|object)_acl$/.test(r.type))
      v(`${r.type}.${r.name}`, 'ACLs bypass uniform access');
    if (r.type.startsWith('google_storage_') && membersOf(r.body).some((m) => PUBLIC.test(m)))
      v(`${r.type}.${r.name}`, 'grants a bucket to allUsers/allAuthenticatedUsers');
  }
  return out;
};

/**
 * Public members appear only as run.invoker on HTTP functions, whose ingress admits the load balancer alone;
 * nothing else (buckets, keys, topics, project) is ever granted to allUsers or allAuthenticatedUsers.
 */
export const publicOnlyBehindLoadBalancer: Policy = (input) => {
  const out: Violation[] = [];
  const fns = (input.view.functions ?? {}) as Record<string, Block>;
  for (const inst of instances(input.tf, input.view, input.vars)) {
    const members = membersOf(inst.body).map((m) => interpolate(m, inst, input.modulePath));
    if (!members.some((m) => PUBLIC.test(m))) continue;
    const fn = referencedKey(inst.body.name, 'google_cloudfunctions2_function', inst);
    const ok =
      inst.type === 'google_cloud_run_v2_service_iam_member' &&
      inst.body.role === 'roles/run.invoker' &&
      fn !== undefined &&
      fns[fn]?.kind === 'http' &&
      fns[fn]?.ingress === 'ALLOW_INTERNAL_AND_GCLB';
    if (!ok)
      out.push({
        policy: 'public-access',
        resource: id(inst),
        problem: 'public member outside run.invoker on a load-balancer-only HTTP function',
      });
  }
  return out;
};

/** Every KMS key is HSM-protected; symmetric keys rotate. */
export const kmsKeysHsm: Policy = (input) => {
  const out: Violation[] = [];
  for (const k of of(input, 'google_kms_crypto_key')) {
    const level = first(k.body, 'version_template')?.protection_level;
    if (level !== 'HSM')
      out.push({
        policy: 'kms-hsm',
        resource: id(k),
        problem: `protection_level is ${level ?? 'unset (SOFTWARE)'}`,
      });
    const symmetric = (k.body.purpose ?? 'ENCRYPT_DECRYPT') === 'ENCRYPT_DECRYPT';
    if (symmetric && !k.body.rotation_period)
      out.push({ policy: 'kms-hsm', resource: id(k), problem: 'symmetric key without rotation_period' });
  }
  return out;
};

const PRIMITIVE = /^roles\/(owner|editor|viewer)$/;

/**
 * No binding, member or policy grants a primitive role — role values resolved per for_each instance
 * (`role = each.value` over `toset([...])`, `each.value.role` over the view), and none in the view itself.
 */
export const noPrimitiveRoles: Policy = (input) => {
  const out: Violation[] = [];
  const scan = (value: unknown, inst: Instance, at: string) => {
    if (typeof value === 'string') {
      const role = interpolate(value, inst, input.modulePath);
      if (PRIMITIVE.test(role))
        out.push({ policy: 'primitive-roles', resource: id(inst), problem: `${at} = ${role}` });
    } else if (Array.isArray(value)) for (const [i, x] of value.entries()) scan(x, inst, `${at}[${i}]`);
    else if (value && typeof value === 'object')
      for (const [k, x] of Object.entries(value))
        if (k === 'role' || k === 'roles' || typeof x === 'object') scan(x, inst, `${at}.${k}`);
  };
  for (const inst of instances(input.tf, input.view, input.vars)) {
    if (typeof inst.body.role === 'string') scan(inst.body.role, inst, 'role');
    for (const binding of (inst.body.binding ?? []) as Block[]) scan(binding.role, inst, 'binding.role');
  }
  const walk = (node: unknown, at: string) => {
    if (typeof node === 'string' && PRIMITIVE.test(node))
      out.push({ policy: 'primitive-roles', resource: at, problem: node });
    else if (node && typeof node === 'object')
      for (const [k, x] of Object.entries(node)) walk(x, `${at}.${k}`);
  };
  walk(input.view, 'view');
  return out;
};

function eventTriggers(fn: Instance, input: PolicyInput): unknown[] {
  return [...((fn.body.event_trigger ?? []) as unknown[]), ...dynamicBlocks(fn, 'event_trigger', input.view)];
}

/** What starts a function, found generically: which resources target which function instance, as what kind. */
function triggersByFunction(input: PolicyInput): Map<string, Trigger['kind'][]> {
  const found = new Map<string, Trigger['kind'][]>();
  const add = (fn: string | undefined, kind: Trigger['kind']) => {
    if (fn !== undefined) found.set(fn, [...(found.get(fn) ?? []), kind]);
  };
  for (const inst of instances(input.tf, input.view, input.vars)) {
    const target = (text: unknown) => referencedKey(text, 'google_cloudfunctions2_function', inst);
    if (inst.type === 'google_cloudfunctions2_function')
      for (const t of eventTriggers(inst, input)) {
        const type = String((t as Block).eventType ?? (t as Block).event_type ?? '');
        add(inst.key, type.includes('storage') ? 'storage' : 'pubsub');
      }
    if (inst.type === 'google_pubsub_subscription')
      add(target(first(inst.body, 'push_config')?.push_endpoint), 'pubsub');
    if (inst.type === 'google_compute_region_network_endpoint_group')
      add(
        target(first(inst.body, 'cloud_run')?.service ?? first(inst.body, 'cloud_function')?.function),
        'http',
      );
    if (
      inst.type === 'google_cloud_run_v2_service_iam_member' &&
      /google_service_account\.workflow\b/.test(String(inst.body.member))
    )
      add(target(inst.body.name), 'workflow');
    if (inst.type === 'google_cloud_scheduler_job')
      add(target(first(inst.body, 'http_target')?.uri), 'schedule');
  }
  return found;
}

/**
 * Every manifest function is exactly one Cloud Run function, started by exactly one trigger of its kind, running
 * as a service account Terraform creates; no function exists that the manifest does not declare.
 */
export const functionsMatchManifest: Policy = (input) => {
  const out: Violation[] = [];
  const v = (resource: string, problem: string) => out.push({ policy: 'functions', resource, problem });
  let all: Instance[];
  try {
    all = instances(input.tf, input.view, input.vars);
  } catch (e) {
    if (e instanceof Unresolvable)
      return [{ policy: 'functions', resource: 'terraform', problem: e.message }];
    throw e;
  }
  const deployed = all.filter((i) => i.type === 'google_cloudfunctions2_function');
  const count = new Map<string, number>();
  for (const fn of deployed) {
    const name = fn.key ?? fn.body.name;
    count.set(name, (count.get(name) ?? 0) + 1);
  }
  const triggers = triggersByFunction(input);
  const accounts = new Set(
    all.filter((i) => i.type === 'google_service_account').map((i) => `${i.name}:${i.key}`),
  );
  for (const f of input.manifest.functions) {
    const n = count.get(f.name) ?? 0;
    if (n !== 1) v(f.name, n === 0 ? 'missing from Terraform' : `deployed ${n} times`);
    const kinds = triggers.get(f.name) ?? [];
    if (kinds.length !== 1 || kinds[0] !== f.trigger.kind)
      v(f.name, `expected one ${f.trigger.kind} trigger, found [${kinds.join(', ')}]`);
  }
  const declared = new Set(input.manifest.functions.map((f) => f.name));
  for (const fn of deployed) {
    const name = fn.key ?? fn.body.name;
    if (!declared.has(name)) v(id(fn), 'not in the manifest');
    const email = first(fn.body, 'service_config')?.service_account_email;
    const m = /google_service_account\.([A-Za-z0-9_]+)\[/.exec(String(email));
    const sa = referencedKey(email, 'google_service_account', fn);
    if (!m || sa === undefined || !accounts.has(`${m[1]}:${sa}`))
      v(id(fn), 'no service account created by Terraform');
  }
  for (const [fn] of triggers)
    if (!declared.has(fn)) v(fn, 'a trigger targets a function the manifest does not declare');
  return out;
};

/** The workflows Terraform deploys, as repository-relative file paths (or the inline text when not a file). */
export function deployedWorkflows(
  input: PolicyInput,
): { resource: string; file?: string; inline?: string }[] {
  return of(input, 'google_workflows_workflow').map((wf) => {
    const src = String(wf.body.source_contents ?? '');
    const file = /^\$\{file\("(.*)"\)\}$/s.exec(src.trim());
    if (!file) return { resource: id(wf), inline: src };
    const path = interpolate(file[1] as string, wf, input.modulePath);
    return { resource: id(wf), file: normalize(path) };
  });
}

const normalize = (p: string) => {
  const parts: string[] = [];
  for (const s of p.split('/')) {
    if (s === '..') parts.pop();
    else if (s !== '.' && s !== '') parts.push(s);
  }
  return parts.join('/');
};

/**
 * Each deployed workflow is the manifest's YAML file — the one the local stand-in runs — read with file();
 * an inlined definition must escape every `${` as `$${` so Terraform leaves Workflows expressions alone.
 */
export const workflowsAreTheLocalFiles: Policy = (input) => {
  const out: Violation[] = [];
  const sources = new Set(
    Object.values((input.view.workflows ?? {}) as Record<string, Block>).map((w) => normalize(w.source)),
  );
  const deployed = deployedWorkflows(input);
  for (const d of deployed) {
    if (d.file !== undefined && !sources.has(d.file))
      out.push({
        policy: 'workflows',
        resource: d.resource,
        problem: `deploys ${d.file}, not a manifest workflow source`,
      });
    if (d.inline?.replace(/\$\$\{/g, '').includes('${'))
      out.push({
        policy: 'workflows',
        resource: d.resource,
        problem: 'inlined YAML with unescaped ${ (write $${)',
      });
  }
  const files = new Set(deployed.map((d) => d.file));
  for (const s of sources)
    if (!files.has(s)) out.push({ policy: 'workflows', resource: s, problem: 'not deployed' });
  return out;
};

export const policies: Record<string, Policy> = {
  subscriptionsDeadLetter,
  bucketsLockedDown,
  publicOnlyBehindLoadBalancer,
  kmsKeysHsm,
  noPrimitiveRoles,
  functionsMatchManifest,
  workflowsAreTheLocalFiles,
};

/** All policies' violations. */
export const violations = (input: PolicyInput): Violation[] =>
  Object.values(policies).flatMap((p) => p(input));
