/**
 * The infrastructure policies hold for the Terraform in infra/ (both environments), and each one fails on a
 * deliberately broken copy — so a passing run means something.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are Terraform and Workflows syntax.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { entries } from '../../functions/manifest.ts';
import { type PolicyInput, policies, violations } from './policies.ts';
import { parseTerraform, parseTfvars, readTerraformFiles } from './terraform.ts';

const infraDir = fileURLToPath(new URL('..', import.meta.url));
const files = readTerraformFiles(infraDir);
const view = JSON.parse(readFileSync(`${infraDir}generated/manifest.json`, 'utf8')) as Record<
  string,
  unknown
>;
const manifest = { functions: entries() };
const envs: Record<string, PolicyInput['vars']> = {};

/** Policy input for the given .tf texts (default: the real ones) in an environment. */
async function input(
  over: { files?: Record<string, string>; view?: Record<string, unknown>; env?: string } = {},
): Promise<PolicyInput> {
  return {
    tf: await parseTerraform(over.files ?? files),
    view: over.view ?? view,
    manifest,
    modulePath: 'infra',
    vars: envs[over.env ?? 'prod'] ?? {},
  };
}

/** A copy of the .tf files with one text replaced (the replacement must apply, or the test proves nothing). */
function broken(file: string, from: string | RegExp, to: string): Record<string, string> {
  const text = files[file] as string;
  const changed = text.replace(from, () => to); // a function: `$$` in `to` stays literal
  expect(changed, `${file}: the breaking edit did not apply`).not.toBe(text);
  return { ...files, [file]: changed };
}

beforeAll(async () => {
  for (const env of ['dev', 'prod'])
    envs[env] = await parseTfvars(
      `${env}.tfvars`,
      readFileSync(`${infraDir}environments/${env}.tfvars`, 'utf8'),
    );
});

describe('the Terraform in infra/', () => {
  it.each(['dev', 'prod'])('passes every policy with %s variables', async (env) => {
    expect(violations(await input({ env }))).toEqual([]);
  });

  it('deploys every manifest function once (resolving for_each over generated/manifest.json)', async () => {
    const { tf } = await input();
    const fn = tf.resources.filter((r) => r.type === 'google_cloudfunctions2_function');
    expect(fn.map((r) => r.body.for_each)).toEqual(['${local.m.functions}']);
    expect(Object.keys(view.functions as object).sort()).toEqual(
      entries()
        .map((e) => e.name)
        .sort(),
    );
  });
});

describe('each policy fails on a broken copy', () => {
  it('a subscription without a dead-letter policy', async () => {
    const files = broken(
      'pubsub.tf',
      /\n {2}dead_letter_policy \{\n[^}]*each\.value\.deadLetterTopic[^}]*\}\n/,
      '\n',
    );
    const found = policies.subscriptionsDeadLetter?.(await input({ files })) ?? [];
    expect(found.length).toBe(Object.keys(view.pushSubscriptions as object).length);
    expect(found[0]?.problem).toMatch(/dead_letter_policy/);
  });

  it('a subscription without a retry policy', async () => {
    const files = broken('pubsub.tf', /retry_policy \{/, 'retry_policy_removed {');
    expect(policies.subscriptionsDeadLetter?.(await input({ files }))).toContainEqual(
      expect.objectContaining({ problem: expect.stringMatching(/retry_policy/) }),
    );
  });

  it('a Pub/Sub function wired through an Eventarc trigger (whose subscription has no DLQ)', async () => {
    const brokenView = structuredClone(view) as {
      functions: Record<string, { kind: string; eventTriggers: unknown[] }>;
    };
    const pubsubFn = Object.values(brokenView.functions).find((f) => f.kind === 'pubsub');
    pubsubFn?.eventTriggers.push({ eventType: 'google.cloud.pubsub.topic.v1.messagePublished' });
    expect(policies.subscriptionsDeadLetter?.(await input({ view: brokenView }))).toContainEqual(
      expect.objectContaining({ problem: expect.stringMatching(/push subscription/) }),
    );
  });

  it('a bucket without CMEK, without uniform access, or open to allUsers', async () => {
    const noCmek = broken(
      'storage.tf',
      /encryption \{\n\s*default_kms_key_name = google_kms_crypto_key\.symmetric\["sources"\]\.id\n\s*\}/,
      '',
    );
    expect(policies.bucketsLockedDown?.(await input({ files: noCmek }))).toEqual([
      expect.objectContaining({
        resource: 'google_storage_bucket.sources',
        problem: expect.stringMatching(/CMEK/),
      }),
    ]);
    const fineGrained = broken(
      'storage.tf',
      /uniform_bucket_level_access = true/,
      'uniform_bucket_level_access = false',
    );
    expect(policies.bucketsLockedDown?.(await input({ files: fineGrained }))).toHaveLength(3);
    const open = {
      ...files,
      'open.tf':
        'resource "google_storage_bucket_iam_member" "leak" {\n  bucket = "x"\n  role = "roles/storage.objectViewer"\n  member = "allUsers"\n}\n',
    };
    expect(violations(await input({ files: open })).map((v) => v.policy)).toEqual([
      'buckets',
      'public-access',
    ]);
  });

  it('a software-protected KMS key, or a symmetric key that never rotates', async () => {
    const software = broken('kms.tf', /protection_level = "HSM"/, 'protection_level = "SOFTWARE"');
    expect(policies.kmsKeysHsm?.(await input({ files: software }))).toHaveLength(5);
    const noRotation = broken('kms.tf', /rotation_period = var\.key_rotation_period/, '');
    expect(policies.kmsKeysHsm?.(await input({ files: noRotation }))).toHaveLength(5);
  });

  it('a primitive role, literal or through for_each', async () => {
    const literal = broken('iam.tf', /role {5}= "roles\/datastore\.user"/, 'role     = "roles/editor"');
    expect(policies.noPrimitiveRoles?.(await input({ files: literal })).length).toBeGreaterThan(0);
    const viaSet = broken(
      'iam.tf',
      /"roles\/logging\.logWriter", "roles\/artifactregistry\.writer"/,
      '"roles/owner"',
    );
    expect(policies.noPrimitiveRoles?.(await input({ files: viaSet }))).toEqual([
      expect.objectContaining({ resource: 'google_project_iam_member.builder["roles/owner"]' }),
    ]);
    const viaView = structuredClone(view) as { projectRoles: Record<string, unknown> };
    viaView.projectRoles['centers/roles/viewer'] = { context: 'centers', role: 'roles/viewer', why: 'no' };
    expect(policies.noPrimitiveRoles?.(await input({ view: viaView })).length).toBeGreaterThan(0);
  });

  it('public access anywhere but the load-balancer-only HTTP functions', async () => {
    const topic = broken(
      'pubsub.tf',
      /member {3}= local\.pubsub_agent\n\}/,
      'member   = "allAuthenticatedUsers"\n}',
    );
    expect(policies.publicOnlyBehindLoadBalancer?.(await input({ files: topic })).length).toBeGreaterThan(0);
    const directIngress = structuredClone(view) as {
      functions: Record<string, { kind: string; ingress: string }>;
    };
    const http = Object.values(directIngress.functions).find((f) => f.kind === 'http');
    if (http) http.ingress = 'ALLOW_ALL';
    expect(policies.publicOnlyBehindLoadBalancer?.(await input({ view: directIngress }))).toHaveLength(1);
  });

  it('a manifest function missing from Terraform, an extra one, or one without its trigger', async () => {
    const missing = structuredClone(view) as { functions: Record<string, unknown> };
    const [gone] = Object.keys(missing.functions);
    delete missing.functions[gone as string];
    expect(policies.functionsMatchManifest?.(await input({ view: missing }))).toContainEqual({
      policy: 'functions',
      resource: gone,
      problem: 'missing from Terraform',
    });

    const extra = {
      ...files,
      'extra.tf':
        'resource "google_cloudfunctions2_function" "stray" {\n  name = "stray"\n  location = "x"\n}\n',
    };
    expect(policies.functionsMatchManifest?.(await input({ files: extra }))).toContainEqual(
      expect.objectContaining({
        resource: 'google_cloudfunctions2_function.stray',
        problem: 'not in the manifest',
      }),
    );

    const noRoutes = broken(
      'api.tf',
      /resource "google_compute_region_network_endpoint_group" "fn" \{\n {2}for_each {14}= local\.m\.httpRoutes/,
      'resource "google_compute_region_network_endpoint_group" "fn" {\n  for_each = local.m.storageTriggers',
    );
    const found = policies.functionsMatchManifest?.(await input({ files: noRoutes })) ?? [];
    expect(found.filter((v) => v.problem.startsWith('expected one http trigger'))).toHaveLength(
      Object.keys(view.httpRoutes as object).length,
    );
  });

  it('a for_each the policies cannot resolve is reported, not skipped', async () => {
    const opaque = broken(
      'functions.tf',
      /for_each {4}= local\.m\.functions/,
      'for_each    = { for k, v in local.m.functions : k => v }',
    );
    expect(policies.functionsMatchManifest?.(await input({ files: opaque }))).toEqual([
      expect.objectContaining({ problem: expect.stringMatching(/cannot resolve for_each/) }),
    ]);
  });

  it('a workflow deployed from another file, or inlined without $${} escapes', async () => {
    const elsewhere = broken(
      'workflows.tf',
      /file\("\$\{path\.module\}\/\.\.\/\$\{each\.value\.source\}"\)/,
      'file("${path.module}/other/${each.key}.yaml")',
    );
    const found = policies.workflowsAreTheLocalFiles?.(await input({ files: elsewhere })) ?? [];
    expect(found.map((v) => v.problem)).toContainEqual(
      expect.stringMatching(/not a manifest workflow source/),
    );
    expect(found.map((v) => v.problem)).toContainEqual('not deployed');

    const inline = (yaml: string) =>
      broken('workflows.tf', /source_contents = file\([^\n]*\)/, `source_contents = <<-EOT\n${yaml}\nEOT`);
    const unescaped = policies.workflowsAreTheLocalFiles?.(
      await input({ files: inline('main:\n  steps:\n    - a:\n        return: ${1 + 1}') }),
    );
    expect(unescaped?.map((v) => v.problem)).toContainEqual(expect.stringMatching(/unescaped/));
    const escaped = policies.workflowsAreTheLocalFiles?.(
      await input({ files: inline('main:\n  steps:\n    - a:\n        return: $${1 + 1}') }),
    );
    expect(escaped?.map((v) => v.problem)).not.toContainEqual(expect.stringMatching(/unescaped/));
  });
});
