/**
 * Privacy officer: the quarantine queue (refused and held files, with reason and PHI-free detail), and
 * reprocess or discard, one by one or the selected ones in bulk, with progress; a held image's pixel review
 * (`pixel-review.tsx`). An action's outcome is followed on the item (`GET /quarantine/{id}`) until the
 * re-upload has finished.
 */
import { useEffect, useState } from 'preact/hooks';
import { type Api, ApiError } from '../api.ts';
import { t } from '../i18n.ts';
import { Alert } from './alert.tsx';
import { PixelReview, type Region } from './pixel-review.tsx';

interface Item {
  imageId: string;
  centerCode?: string;
  status: string;
  reason: string;
  detail?: string;
  quarantinedAt: string;
  reprocessOutcome?: string;
  boxes?: Region[];
}

type Action = 'reprocess' | 'discard' | 'review';

/** Polls the item until the action has settled (reprocessed with an outcome, or discarded). */
async function settle(api: Api, id: string, action: Action): Promise<Item> {
  for (let i = 0; i < 120; i++) {
    const item = await api.get<Item>(`/quarantine/${id}`);
    if (action === 'discard' ? item.status === 'discarded' : item.reprocessOutcome) return item;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('timeout');
}

export function QuarantinePage({ api }: { api: Api }) {
  const [items, setItems] = useState<Item[] | undefined>();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [progress, setProgress] = useState<{ done: number; of: number } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [reviewing, setReviewing] = useState<string | undefined>();
  const load = () =>
    api
      .get<{ items: Item[] }>('/quarantine?pageSize=100')
      .then((b) => setItems(b.items))
      .catch((e: unknown) => setError(e instanceof ApiError ? `${e.status}: ${e.message}` : String(e)));
  useEffect(() => void load(), []);

  async function act(action: Action, ids: string[], body?: { regions: Region[] }) {
    setReviewing(undefined);
    setError(undefined);
    setProgress({ done: 0, of: ids.length });
    let done = 0;
    await Promise.all(
      ids.map(async (id) => {
        try {
          await api.send('POST', `/quarantine/${id}:${action}`, body);
          const item = await settle(api, id, action);
          setItems((all) => all?.map((x) => (x.imageId === id ? item : x)));
        } catch (e) {
          setError(e instanceof ApiError ? `${e.status}: ${e.message}` : String(e));
        }
        setProgress({ done: ++done, of: ids.length });
      }),
    );
    setSelected(new Set());
  }

  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <section aria-labelledby="quarantine-title">
      <h2 id="quarantine-title">{t('quarantine')}</h2>
      <Alert message={error} />
      {!items && !error && <p>{t('loading')}</p>}
      {items && (
        <>
          <p>
            <button
              type="button"
              disabled={selected.size === 0}
              onClick={() => act('reprocess', [...selected])}
            >
              {t('reprocessSelected')}
            </button>{' '}
            <button
              type="button"
              disabled={selected.size === 0}
              onClick={() => act('discard', [...selected])}
            >
              {t('discardSelected')}
            </button>
          </p>
          {progress && (
            <p>
              <label for="bulk">{t('overall')}</label>
              <progress id="bulk" max={progress.of} value={progress.done} /> {progress.done}/{progress.of}
            </p>
          )}
          <table data-testid="quarantine">
            <thead>
              <tr>
                <th>
                  <span class="sr-only">{t('select')}</span>
                </th>
                <th>{t('image')}</th>
                <th>{t('centers')}</th>
                <th>{t('status')}</th>
                <th>{t('reason')}</th>
                <th>{t('detail')}</th>
                <th>{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((q) => (
                <tr
                  key={q.imageId}
                  data-image={q.imageId}
                  data-status={q.status}
                  data-outcome={q.reprocessOutcome ?? ''}
                >
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${t('select')} ${q.imageId.slice(0, 8)}`}
                      checked={selected.has(q.imageId)}
                      onChange={() => toggle(q.imageId)}
                    />
                  </td>
                  <td>{q.imageId.slice(0, 8)}</td>
                  <td>{q.centerCode}</td>
                  <td>{q.reprocessOutcome ? `${q.status} → ${q.reprocessOutcome}` : q.status}</td>
                  <td>{q.reason}</td>
                  <td>{q.detail}</td>
                  <td>
                    <button
                      type="button"
                      data-action="reprocess"
                      onClick={() => act('reprocess', [q.imageId])}
                    >
                      {t('reprocess')}
                    </button>{' '}
                    <button type="button" data-action="discard" onClick={() => act('discard', [q.imageId])}>
                      {t('discard')}
                    </button>
                    {q.status === 'held' && (
                      <>
                        {' '}
                        <button type="button" data-action="review" onClick={() => setReviewing(q.imageId)}>
                          {t('reviewPixels')}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {reviewing && (
            <PixelReview
              key={reviewing}
              api={api}
              imageId={reviewing}
              boxes={items.find((x) => x.imageId === reviewing)?.boxes ?? []}
              onPublish={(regions) => act('review', [reviewing], { regions })}
              onDiscard={() => act('discard', [reviewing])}
              onClose={() => setReviewing(undefined)}
            />
          )}
        </>
      )}
    </section>
  );
}
