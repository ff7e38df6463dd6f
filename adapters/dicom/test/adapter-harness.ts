/**
 * Shared steps for the adapter's end-to-end tests against the test suite: a registered center with its
 * service identity, the adapter process pointed at the suite, and what the platform made of what it sent
 * (uploads, catalogue).
 */
import { randomBytes } from 'node:crypto';
import { ensureUser } from '../../../emulators/auth/users.ts';
import { api, eventually, suite, token } from '../../../emulators/test/suite.ts';
import { registeredCenter } from '../../../functions/imaging/test/imaging-harness.ts';
import { type AdapterOptions, startAdapterProcess } from './adapter-process.ts';

export interface ServiceCenter {
  code: string;
  centerId: string;
  email: string;
  password: string;
  callingAeTitles: string[];
  /** An ID token of a health_center user of this center, to read its uploads and images. */
  token: string;
}

/** Registers the center and creates its service identity in the Auth emulator. */
export async function serviceCenter(code: string, callingAeTitles: string[]): Promise<ServiceCenter> {
  const { centerId } = await registeredCenter(code);
  const email = `dicom-adapter@${code.toLowerCase()}.test.saludtech.example`;
  const password = randomBytes(12).toString('base64url');
  await ensureUser(suite().projectId, { email, password, roles: ['health_center'], centerId });
  const idToken = await token(['health_center'], centerId);
  return { code, centerId, email, password, callingAeTitles, token: idToken };
}

/** The adapter as a process against the test suite (its API and Auth emulator unless told otherwise). */
export const startAdapter = (
  o: Omit<AdapterOptions, 'platformUrl' | 'authHost'> & { platformUrl?: string },
) =>
  startAdapterProcess({
    platformUrl: suite().apiUrl,
    authHost: suite().env.FIREBASE_AUTH_EMULATOR_HOST as string,
    ...o,
  });

interface UploadView {
  received: number;
  pending: number;
  anonymized: number;
  rejected: number;
  held: number;
  reasons?: Record<string, number>;
}

/** GET /uploads/{id} for each id, once none is pending; the totals. */
export async function settledTotals(uploadIds: readonly string[], token: string, timeoutMs = 180_000) {
  const views = await eventually(
    async () => {
      const all: UploadView[] = [];
      for (const id of uploadIds) {
        const r = await api('GET', `/uploads/${id}`, { token });
        const b = r.body as UploadView;
        if (r.status !== 200 || b.pending > 0 || b.received === 0) return undefined;
        all.push(b);
      }
      return all;
    },
    timeoutMs,
    1000,
  );
  const sum = (k: 'received' | 'anonymized' | 'rejected' | 'held') => views.reduce((n, v) => n + v[k], 0);
  return {
    received: sum('received'),
    anonymized: sum('anonymized'),
    rejected: sum('rejected'),
    held: sum('held'),
  };
}

/** How many images of the center the catalogue lists (GET /images?center=, every page). */
export async function catalogueCount(code: string, token: string): Promise<number> {
  let n = 0;
  let cursor: string | undefined;
  do {
    const r = await api('GET', `/images?center=${code}&pageSize=100${cursor ? `&cursor=${cursor}` : ''}`, {
      token,
    });
    if (r.status !== 200) throw new Error(`GET /images: ${r.status} ${JSON.stringify(r.body)}`);
    const b = r.body as { items: unknown[]; nextCursor?: string };
    n += b.items.length;
    cursor = b.nextCursor;
  } while (cursor);
  return n;
}
