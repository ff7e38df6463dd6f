/** Received mail on disk: `<dir>/<id>.eml` (as received) and `<dir>/<id>.json` (what the listing shows). */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitMessage, textOf } from './mime.ts';

export interface StoredMail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  messageId: string;
  notificationId?: string;
  receivedAt: string;
  size: number;
}

export function mailStore(dir: string) {
  mkdirSync(dir, { recursive: true });
  let seq = 0;
  return {
    save(raw: Buffer, envelope: { from: string; to: string[] }): StoredMail {
      const { headers } = splitMessage(raw.toString('utf8'));
      // Time-ordered ids: a listing sorted by id is sorted by arrival.
      const id = `${Date.now().toString(36)}-${(seq++).toString(36).padStart(4, '0')}-${process.pid.toString(36)}`;
      const mail: StoredMail = {
        id,
        from: envelope.from,
        to: envelope.to,
        subject: headers.subject ?? '',
        messageId: headers['message-id'] ?? '',
        ...(headers['x-notification-id'] ? { notificationId: headers['x-notification-id'] } : {}),
        receivedAt: new Date().toISOString(),
        size: raw.length,
      };
      writeFileSync(join(dir, `${id}.eml`), raw);
      writeFileSync(join(dir, `${id}.json`), JSON.stringify(mail, null, 2));
      return mail;
    },
    list(): StoredMail[] {
      return readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as StoredMail);
    },
    raw(id: string): Buffer | undefined {
      if (!/^[a-z0-9-]+$/.test(id)) return undefined;
      try {
        return readFileSync(join(dir, `${id}.eml`));
      } catch {
        return undefined;
      }
    },
    text(id: string): string | undefined {
      const raw = this.raw(id);
      return raw && textOf(raw.toString('utf8'));
    },
    clear(): void {
      for (const f of readdirSync(dir)) rmSync(join(dir, f));
    },
  };
}
export type MailStore = ReturnType<typeof mailStore>;
