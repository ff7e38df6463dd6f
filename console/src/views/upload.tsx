/**
 * Health center: drop a folder, files or a zip; each DICOM file goes to STOW-RS
 * (`POST /dicomweb/studies?upload=`), each JPEG/PNG through a resumable `POST /uploads` session, one request
 * per file so each has a progress bar, and all of them join one upload. Then the upload's outcomes arrive
 * live from `GET /uploads/{id}/events` (Server-Sent Events): anonymized, refused with its PHI-free reason and
 * detail, or held for review. Sent files are named in this page only (names may carry PHI and never go to
 * the platform as names).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { type Api, watchEvents } from '../api.ts';
import { t } from '../i18n.ts';
import { expand, type Outgoing, sessionOne, stowOne } from '../upload-transport.ts';
import { Alert } from './alert.tsx';
import { TableHead } from './table-head.tsx';

interface FileProgress {
  name: string;
  size: number;
  sent: number;
  state: 'queued' | 'sending' | 'sent' | 'failed';
  note?: string;
}

interface FileOutcome {
  imageId: string;
  status: 'pending' | 'anonymized' | 'rejected' | 'held';
  reason?: string;
  detail?: string;
}

interface UploadView {
  uploadId: string;
  received: number;
  anonymized: number;
  rejected: number;
  held: number;
  pending: number;
  files: FileOutcome[];
}

const PARALLEL = 3;

/** The files of a drop, folders walked (webkitGetAsEntry). */
async function droppedFiles(items: DataTransferItemList): Promise<File[]> {
  const out: File[] = [];
  const walk = async (entry: FileSystemEntry): Promise<void> => {
    if (entry.isFile) out.push(await new Promise<File>((r, j) => (entry as FileSystemFileEntry).file(r, j)));
    else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((r, j) => reader.readEntries(r, j));
        if (batch.length === 0) break;
        for (const e of batch) await walk(e);
      }
    }
  };
  for (const item of [...items]) {
    const entry = item.webkitGetAsEntry();
    if (entry) await walk(entry);
  }
  return out;
}

export function UploadPage({ api }: { api: Api }) {
  const [progress, setProgress] = useState<FileProgress[]>([]);
  const [view, setView] = useState<UploadView | undefined>();
  const [over, setOver] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const watching = useRef<AbortController | undefined>();
  useEffect(() => () => watching.current?.abort(), []);

  async function send(dropped: File[]) {
    if (dropped.length === 0) return;
    setError(undefined);
    setView(undefined);
    let files: Outgoing[];
    try {
      files = await expand(dropped);
    } catch {
      setError(t('unreadableZip'));
      return;
    }
    if (files.length === 0) return;
    const uploadId = crypto.randomUUID();
    const rows: FileProgress[] = files.map((f) => ({
      name: f.name,
      size: f.file.size,
      sent: 0,
      state: 'queued',
    }));
    setProgress([...rows]);
    const update = (i: number, patch: Partial<FileProgress>) => {
      rows[i] = { ...(rows[i] as FileProgress), ...patch };
      setProgress([...rows]);
    };
    const token = await api.token();
    let next = 0;
    let watchStarted = false;
    const worker = async () => {
      while (next < files.length) {
        const i = next++;
        update(i, { state: 'sending' });
        const o = files[i] as Outgoing;
        const once = () =>
          o.kind === 'dicom'
            ? stowOne(api, token, uploadId, o, (n) => update(i, { sent: n }))
            : sessionOne(api, uploadId, i, o, (n) => update(i, { sent: n }));
        let r = await once();
        // A transient refusal (no answer, 409 with a processing failure, 429, 5xx) is tried again: an
        // instance the platform already has is answered as stored, so a retry never duplicates it.
        for (let attempt = 1; !r.ok && r.retry && attempt < 4; attempt++) {
          await new Promise((w) => setTimeout(w, 500 * attempt));
          r = await once();
        }
        update(i, r.ok ? { state: 'sent', sent: rows[i]?.size ?? 0 } : { state: 'failed', note: r.note });
        if (r.ok && !watchStarted) {
          watchStarted = true;
          watch(uploadId);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, files.length) }, worker));
    if (!watchStarted) setError(t('rejected'));
  }

  function watch(uploadId: string) {
    watching.current?.abort();
    const ctrl = new AbortController();
    watching.current = ctrl;
    const loop = async () => {
      while (!ctrl.signal.aborted) {
        try {
          await watchEvents(
            api,
            `/uploads/${uploadId}/events`,
            (type, data) => {
              if (type === 'upload') setView(data as UploadView);
            },
            ctrl.signal,
          );
        } catch {
          if (ctrl.signal.aborted) return;
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    };
    void loop();
  }

  const total = progress.reduce((n, p) => n + p.size, 0);
  const sent = progress.reduce((n, p) => n + p.sent, 0);
  return (
    <section aria-labelledby="upload-title">
      <h2 id="upload-title">{t('upload')}</h2>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a drag-and-drop target; keyboard users have the file inputs inside it */}
      <div
        class={over ? 'drop over' : 'drop'}
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={async (e) => {
          e.preventDefault();
          setOver(false);
          if (e.dataTransfer) await send(await droppedFiles(e.dataTransfer.items));
        }}
      >
        <p>{t('dropHere')}</p>
        <label for="files">{t('chooseFiles')}</label>
        <input
          id="files"
          type="file"
          multiple
          onChange={(e) => send([...((e.target as HTMLInputElement).files ?? [])])}
        />
        <label for="folder">{t('chooseFolder')}</label>
        <input
          id="folder"
          type="file"
          multiple
          {...{ webkitdirectory: '' }}
          onChange={(e) => send([...((e.target as HTMLInputElement).files ?? [])])}
        />
      </div>
      <Alert message={error} />
      {progress.length > 0 && (
        <>
          <label for="overall">{t('overall')}</label>
          <progress id="overall" max={total || 1} value={sent} />
          <table>
            <TableHead cols={[t('file'), t('sent')]} />
            <tbody>
              {progress.map((p) => (
                <tr key={p.name} data-state={p.state}>
                  <td>{p.name}</td>
                  <td>
                    <progress max={p.size || 1} value={p.sent} aria-label={p.name} /> {p.note}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {view && (
        <section aria-labelledby="outcomes-title" aria-live="polite" data-upload-id={view.uploadId}>
          <h3 id="outcomes-title">
            {t('outcomes')} <small>({t('live')})</small>
          </h3>
          <div class="counts" data-testid="counts">
            {(['received', 'anonymized', 'rejected', 'held', 'pending'] as const).map((k) => (
              <div key={k} data-count={k}>
                <strong>{view[k]}</strong>
                {t(k)}
              </div>
            ))}
          </div>
          <table data-testid="outcomes">
            <TableHead cols={[t('image'), t('status'), t('reason'), t('detail')]} />
            <tbody>
              {view.files.map((f) => (
                <tr key={f.imageId} data-status={f.status}>
                  <td>{f.imageId.slice(0, 8)}</td>
                  <td class={`status-${f.status}`}>{t(f.status === 'pending' ? 'pending' : f.status)}</td>
                  <td>{f.reason}</td>
                  <td>{f.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
