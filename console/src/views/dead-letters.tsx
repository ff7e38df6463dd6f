/**
 * Admin: the dead-letter queues (function, topic, waiting messages with type, id and reason) and a replay
 * button per queue, which publishes its messages on the function's topic again (`POST …:replay`).
 */
import { useEffect, useState } from 'preact/hooks';
import { type Api, ApiError } from '../api.ts';
import { t } from '../i18n.ts';
import { Alert } from './alert.tsx';
import { TableHead } from './table-head.tsx';

interface Queue {
  function: string;
  topic: string;
  messages: { messageId: string; ceType?: string; ceId?: string; reason?: string; publishTime?: string }[];
}

export function DeadLettersPage({ api }: { api: Api }) {
  const [queues, setQueues] = useState<Queue[] | undefined>();
  const [note, setNote] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const load = () =>
    api
      .get<{ items: Queue[] }>('/dead-letters')
      .then((b) => setQueues(b.items))
      .catch((e: unknown) => setError(e instanceof ApiError ? `${e.status}: ${e.message}` : String(e)));
  useEffect(() => void load(), []);

  async function replay(fn: string) {
    try {
      const r = await api.send<{ replayed: number }>('POST', `/dead-letters/${fn}:replay`);
      setNote(`${fn}: ${r.replayed} ${t('replayed')}`);
      await load();
    } catch (e) {
      setError(e instanceof ApiError ? `${e.status}: ${e.message}` : String(e));
    }
  }

  return (
    <section aria-labelledby="dlq-title">
      <h2 id="dlq-title">{t('deadLetters')}</h2>
      <p>
        <button type="button" data-action="refresh" onClick={() => void load()}>
          {t('refresh')}
        </button>
      </p>
      {note && (
        <p role="status" data-testid="replay-note">
          {note}
        </p>
      )}
      <Alert message={error} />
      {!queues && !error && <p>{t('loading')}</p>}
      {queues?.length === 0 && <p>{t('nothingWaiting')}</p>}
      {queues?.map((q) => (
        <section key={q.function} data-queue={q.function} aria-labelledby={`q-${q.function}`}>
          <h3 id={`q-${q.function}`}>
            {q.function} <small>← {q.topic}</small>
          </h3>
          <table>
            <TableHead cols={['Type', 'Id', t('reason')]} />
            <tbody>
              {q.messages.map((m) => (
                <tr key={m.messageId} data-ce-id={m.ceId ?? ''}>
                  <td>{m.ceType}</td>
                  <td>{m.ceId}</td>
                  <td>{m.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" data-replay={q.function} onClick={() => void replay(q.function)}>
            {t('replay')}
          </button>
        </section>
      ))}
    </section>
  );
}
