// Resumable upload sessions persisted under <dataDir>/uploads (<id>.json state + <id>.part bytes).
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rename, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from './errors.ts';
import { cloneHashState, freshHashState, type HashState } from './hashing-writer.ts';
import type { ObjectStore } from './object-store.ts';

export interface Session {
  id: string;
  bucket: string;
  name: string;
  /** Writable object fields from the initiating request (contentType, metadata...). */
  fields: Record<string, unknown>;
  /** The if*Match query of the initiating request, re-checked when the object is committed. */
  preconditions: string;
  total: number | undefined;
  received: number;
  state: 'active' | 'final' | 'cancelled';
  generation?: string;
  /** Sessions started through a signed URL answer in the XML API's style. */
  xml: boolean;
  /**
   * The `Origin` of the initiating request. As in Cloud Storage, it is the one origin a browser may then use
   * the session URI from (CORS), whatever the bucket's own CORS configuration says.
   */
  origin?: string;
}

export class SessionStore {
  private readonly hashes = new Map<string, HashState>();
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly store: ObjectStore) {}

  private jsonPath(id: string): string {
    return join(this.store.uploadsDir(), `${id}.json`);
  }

  partPath(id: string): string {
    return join(this.store.uploadsDir(), `${id}.part`);
  }

  async create(s: Omit<Session, 'id' | 'received' | 'state'>): Promise<Session> {
    const session: Session = {
      ...s,
      id: randomBytes(24).toString('base64url'),
      received: 0,
      state: 'active',
    };
    await writeFile(this.partPath(session.id), '');
    await this.save(session);
    this.hashes.set(session.id, freshHashState());
    return session;
  }

  async save(s: Session): Promise<void> {
    const tmp = `${this.jsonPath(s.id)}.tmp`;
    await writeFile(tmp, JSON.stringify(s));
    await rename(tmp, this.jsonPath(s.id));
  }

  /** 404 for an id never issued (or malformed), as the API answers. */
  async get(id: string): Promise<Session> {
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(id)) throw new ApiError(404, 'No such upload session.', 'notFound');
    try {
      return JSON.parse(await readFile(this.jsonPath(id), 'utf8')) as Session;
    } catch {
      throw new ApiError(404, 'No such upload session.', 'notFound');
    }
  }

  /** Runs `fn` with no other request on the same session in between. */
  exclusive<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(id) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const settled = next.catch(() => {});
    this.locks.set(id, settled);
    void settled.then(() => {
      if (this.locks.get(id) === settled) this.locks.delete(id);
    });
    return next;
  }

  /** The running hash of the bytes received; rebuilt from the part file after a restart. */
  async hashState(s: Session): Promise<HashState> {
    const known = this.hashes.get(s.id);
    if (known && known.size === s.received) return known;
    await truncate(this.partPath(s.id), s.received);
    const { CRC32C } = await import('@google-cloud/storage');
    const state = freshHashState();
    const crc = new CRC32C();
    for await (const chunk of createReadStream(this.partPath(s.id)) as AsyncIterable<Buffer>) {
      crc.update(chunk);
      state.md5.update(chunk);
      state.size += chunk.length;
    }
    state.crc = crc.valueOf();
    this.hashes.set(s.id, state);
    return state;
  }

  /** Undoes a rejected chunk: cut the part file back and restore the saved hash. */
  async rollback(s: Session, snapshot: HashState): Promise<void> {
    await truncate(this.partPath(s.id), snapshot.size);
    this.hashes.set(s.id, cloneHashState(snapshot));
  }

  async partSize(id: string): Promise<number> {
    return (await stat(this.partPath(id))).size;
  }

  async finish(s: Session, generation: string): Promise<void> {
    this.hashes.delete(s.id);
    await this.save({ ...s, state: 'final', generation });
  }

  async cancel(s: Session): Promise<void> {
    this.hashes.delete(s.id);
    await rm(this.partPath(s.id), { force: true });
    await this.save({ ...s, state: 'cancelled' });
  }
}
