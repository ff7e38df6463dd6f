/**
 * The adapter's calls to the platform, as any center's client makes them: STOW-RS `POST /dicomweb/studies`
 * (joining the association's upload with `?upload=`), and for an instance too big for one STOW-RS request,
 * `POST /uploads` (a resumable session into the same upload) followed by one streamed PUT of the file.
 * Transport failures come back as `{ status: 0 }`; deciding what an answer means is stow-outcome.ts's job.
 */
import { createReadStream } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { z } from 'zod';

export interface HttpAnswer {
  /** 0: no answer (refused, reset, timed out). */
  status: number;
  contentType: string | null;
  location: string | null;
  body: string;
  /** The transport error's name when status is 0. */
  error?: string;
}

const noAnswer = (e: unknown): HttpAnswer => ({
  status: 0,
  contentType: null,
  location: null,
  body: '',
  error: (e as Error)?.cause
    ? String(((e as Error).cause as Error).name ?? 'Error')
    : ((e as Error)?.name ?? 'Error'),
});

const UploadSession = z.object({ uploadId: z.string(), sessionUrl: z.url() });

export class PlatformClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  private url(path: string) {
    return `${this.baseUrl.replace(/\/$/, '')}${path}`;
  }

  /** STOW-RS: one multipart/related body; `uploadId` is sent as `?upload=` so batches join one upload. */
  async stow(token: string, uploadId: string, body: Buffer, contentType: string): Promise<HttpAnswer> {
    try {
      const res = await fetch(this.url(`/dicomweb/studies?upload=${encodeURIComponent(uploadId)}`), {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': contentType,
          Accept: 'application/dicom+json',
        },
        body: new Uint8Array(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      return {
        status: res.status,
        contentType: res.headers.get('content-type'),
        location: res.headers.get('location'),
        body: await res.text(),
      };
    } catch (e) {
      return noAnswer(e);
    }
  }

  /** POST /uploads: a resumable session for `fileName` inside the upload. */
  async openResumable(
    token: string,
    uploadId: string,
    fileName: string,
  ): Promise<{ answer: HttpAnswer; sessionUrl?: string }> {
    try {
      const res = await fetch(this.url('/uploads'), {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ uploadId, fileName, contentType: 'application/dicom' }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await res.text();
      const answer = {
        status: res.status,
        contentType: res.headers.get('content-type'),
        location: res.headers.get('location'),
        body: text,
      };
      if (!res.ok) return { answer };
      const session = UploadSession.safeParse(JSON.parse(text));
      return session.success
        ? { answer, sessionUrl: session.data.sessionUrl }
        : { answer: { ...answer, status: 502 } };
    } catch (e) {
      return { answer: noAnswer(e) };
    }
  }

  /** One PUT of the whole file to a resumable session, streamed from disk (no body in memory). */
  putResumable(sessionUrl: string, path: string, size: number): Promise<HttpAnswer> {
    return new Promise((resolve) => {
      const u = new URL(sessionUrl);
      const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(u, {
        method: 'PUT',
        headers: {
          'Content-Length': String(size),
          'Content-Type': 'application/dicom',
          ...(size > 0 ? { 'Content-Range': `bytes 0-${size - 1}/${size}` } : {}),
        },
        timeout: this.timeoutMs,
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })));
      req.on('error', (e) => resolve(noAnswer(e)));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => resolve(noAnswer(e)));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'] ?? null,
            location: null,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      });
      const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
      file.on('error', (e) => req.destroy(e));
      file.pipe(req);
    });
  }
}
