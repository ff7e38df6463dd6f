// The service-account-like key pair the stand-in trusts for V4 signed URLs, kept in the data dir.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The e-mail signed URLs name in X-Goog-Credential; any other is rejected. */
export const SIGNER_EMAIL = 'signer@storage-emulator.iam.gserviceaccount.com';

export interface SigningCredentials {
  client_email: string;
  private_key: string;
}

export interface SigningKeys {
  credentials: SigningCredentials;
  publicKeyFor(email: string): KeyObject | undefined;
}

/**
 * Credentials for `new Storage({ apiEndpoint, projectId, credentials })`, so that
 * `file.getSignedUrl({ version: 'v4' })` signs locally with a key the stand-in on `dataDir` trusts.
 * Generated on first use and stored as `<dataDir>/signing-key.json` (test data, not a secret).
 */
export function signingCredentials(dataDir: string): SigningCredentials {
  const path = join(dataDir, 'signing-key.json');
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as SigningCredentials;
  } catch {
    // first use: generate below
  }
  mkdirSync(dataDir, { recursive: true });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const creds: SigningCredentials = {
    client_email: SIGNER_EMAIL,
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
  try {
    writeFileSync(path, JSON.stringify(creds), { flag: 'wx' });
    return creds;
  } catch {
    // another process created it first: use theirs so both agree
    return JSON.parse(readFileSync(path, 'utf8')) as SigningCredentials;
  }
}

export function loadSigningKeys(dataDir: string): SigningKeys {
  const credentials = signingCredentials(dataDir);
  const publicKey = createPublicKey(createPrivateKey(credentials.private_key));
  return {
    credentials,
    publicKeyFor: (email) => (email === credentials.client_email ? publicKey : undefined),
  };
}

/** For a process that only knows the stand-in's URL (e.g. a stand-in started by main.ts). */
export async function fetchSigningCredentials(emulatorUrl: string): Promise<SigningCredentials> {
  const res = await fetch(`${emulatorUrl}/_emulator/signing-credentials`);
  if (!res.ok) throw new Error(`signing credentials: HTTP ${res.status}`);
  return (await res.json()) as SigningCredentials;
}
