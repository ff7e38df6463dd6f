/**
 * V4 signed URLs for anonymized objects. In production the client signs through IAM `signBlob` as the
 * function's service account (which needs Service Account Token Creator on itself): no key file exists.
 * Against the local Storage stand-in there is no IAM, so the client signs with the stand-in's own dev
 * key pair, served at `/_emulator/signing-credentials` (test data, trusted only by the stand-in).
 */
import { Storage } from '@google-cloud/storage';
import { bucketName, config } from '../../platform/config.ts';
import { storageClient } from './buckets.ts';

let signer: Promise<Storage> | undefined;

function signingClient(): Promise<Storage> {
  const emulator = process.env.STORAGE_EMULATOR_HOST;
  if (!emulator) return Promise.resolve(storageClient());
  signer ??= fetch(`${emulator}/_emulator/signing-credentials`)
    .then(async (res) => {
      if (!res.ok) throw new Error(`signing credentials: HTTP ${res.status}`);
      const credentials = (await res.json()) as { client_email: string; private_key: string };
      return new Storage({ apiEndpoint: emulator, projectId: config().projectId, credentials });
    })
    .catch((e: unknown) => {
      signer = undefined;
      throw e;
    });
  return signer;
}

/** A GET URL for an object of the anonymized bucket, valid for `ttlSeconds`. */
export async function signedDownloadUrl(
  objectName: string,
  ttlSeconds: number,
): Promise<{ url: string; expiresAt: string }> {
  const expires = Date.now() + ttlSeconds * 1000;
  const client = await signingClient();
  const [url] = await client
    .bucket(bucketName('anonymized'))
    .file(objectName)
    .getSignedUrl({ version: 'v4', action: 'read', expires });
  return { url, expiresAt: new Date(expires).toISOString() };
}
