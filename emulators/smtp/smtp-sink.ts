/**
 * A local SMTP sink (the `smtp-server` package): accepts every message, stores it under `.local/<suite>/mail/`,
 * lists it over HTTP for people and tests, and posts delivery receipts like a provider's webhook.
 * Recipients at `reject.example` get a permanent 550 and at `busy.example` a transient 451, to exercise failures.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { type MailStore, mailStore } from './mail-store.ts';
import { postReceipt, type ReceiptTarget } from './receipts.ts';

export interface SinkOptions {
  host?: string;
  smtpPort: number;
  httpPort: number;
  dir: string;
  receipts?: ReceiptTarget;
}

export interface Sink {
  smtpPort: number;
  httpPort: number;
  store: MailStore;
  close(): Promise<void>;
}

const smtpError = (code: number, message: string) =>
  Object.assign(new Error(message), { responseCode: code });

function http(store: MailStore): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sink');
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/_health') return json(200, { ok: true });
    if (url.pathname === '/messages' && req.method === 'DELETE') {
      store.clear();
      return json(200, { cleared: true });
    }
    if (url.pathname === '/messages') {
      const to = url.searchParams.get('to')?.toLowerCase();
      const items = store.list().filter((m) => !to || m.to.some((t) => t.toLowerCase() === to));
      return json(200, { items });
    }
    const one = /^\/messages\/([a-z0-9-]+?)(\.eml)?$/.exec(url.pathname);
    if (one?.[1]) {
      const id = one[1];
      if (one[2]) {
        const raw = store.raw(id);
        return raw
          ? res.writeHead(200, { 'Content-Type': 'message/rfc822' }).end(raw)
          : json(404, { error: 'no such message' });
      }
      const meta = store.list().find((m) => m.id === id);
      return meta ? json(200, { ...meta, text: store.text(id) }) : json(404, { error: 'no such message' });
    }
    json(404, {
      error: `no route ${url.pathname}`,
      routes: ['GET /messages?to=', 'GET /messages/{id}', 'GET /messages/{id}.eml', 'DELETE /messages'],
    });
  });
}

export async function startSink(opts: SinkOptions): Promise<Sink> {
  const host = opts.host ?? '127.0.0.1';
  const store = mailStore(opts.dir);
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(address, _session, cb) {
      const domain = address.address.split('@')[1]?.toLowerCase();
      if (domain === 'reject.example') return cb(smtpError(550, 'mailbox unavailable'));
      if (domain === 'busy.example') return cb(smtpError(451, 'try again later'));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const mail = store.save(Buffer.concat(chunks), {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        });
        if (opts.receipts && mail.notificationId)
          void postReceipt(opts.receipts, mail.notificationId, mail.messageId || mail.id);
        cb(null, `queued as ${mail.id}`);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(opts.smtpPort, host, () => resolve());
  });
  const web = http(store);
  await new Promise<void>((resolve, reject) => {
    web.once('error', reject);
    web.listen(opts.httpPort, host, () => resolve());
  });
  return {
    smtpPort: (smtp.server.address() as AddressInfo).port,
    httpPort: (web.address() as AddressInfo).port,
    store,
    close: async () => {
      await new Promise<void>((r) => smtp.close(() => r()));
      await new Promise<void>((r) => web.close(() => r()));
    },
  };
}
