/** Finds Java and the google-cloud-cli emulator jars, or says exactly what to install. */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface Prerequisites {
  java: string;
  firestoreJar: string;
  pubsubJar: string;
}

function sdkRoot(): string | undefined {
  if (process.env.CLOUDSDK_ROOT_DIR) return process.env.CLOUDSDK_ROOT_DIR;
  try {
    const gcloud = execFileSync('which', ['gcloud'], { encoding: 'utf8' }).trim();
    return dirname(dirname(realpathSync(gcloud)));
  } catch {
    return undefined;
  }
}

export function findPrerequisites(): Prerequisites {
  const problems: string[] = [];
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
  } catch {
    problems.push('Java 17+ is missing: `apt-get install -y openjdk-17-jre-headless`');
  }
  const root = sdkRoot();
  const firestoreJar = root
    ? join(root, 'platform/cloud-firestore-emulator/cloud-firestore-emulator.jar')
    : '';
  const pubsubLib = root ? join(root, 'platform/pubsub-emulator/lib') : '';
  const pubsubJar = findJar(pubsubLib, /^cloud-pubsub-emulator-.*-all\.jar$/);
  if (!root) problems.push('google-cloud-cli is missing: install it (apt package `google-cloud-cli`)');
  else {
    if (!existsSync(firestoreJar)) {
      problems.push(
        'the Firestore emulator is missing: `apt-get install -y google-cloud-cli-firestore-emulator`',
      );
    }
    if (!pubsubJar)
      problems.push('the Pub/Sub emulator is missing: `apt-get install -y google-cloud-cli-pubsub-emulator`');
  }
  if (problems.length > 0) throw new Error(`cannot start the local suite:\n  - ${problems.join('\n  - ')}`);
  return { java: 'java', firestoreJar, pubsubJar: pubsubJar as string };
}

function findJar(dir: string, pattern: RegExp): string | undefined {
  if (!dir || !existsSync(dir)) return undefined;
  const name = readdirSync(dir).find((f) => pattern.test(f));
  return name ? join(dir, name) : undefined;
}
