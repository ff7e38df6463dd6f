/** Admin: the expert registry with load and spare capacity; capacity edited in place (`PUT /experts/{id}`). */
import { useEffect, useState } from 'preact/hooks';
import { type Api, ApiError } from '../api.ts';
import { t } from '../i18n.ts';
import { Alert } from './alert.tsx';
import { TableHead } from './table-head.tsx';

interface Expert {
  id: string;
  capacity: number;
  load: number;
  available: number;
  specialties: string[];
}

export function ExpertsPage({ api }: { api: Api }) {
  const [experts, setExperts] = useState<Expert[] | undefined>();
  const [note, setNote] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const fail = (e: unknown) => setError(e instanceof ApiError ? `${e.status}: ${e.message}` : String(e));
  const load = () =>
    api
      .get<{ items: Expert[] }>('/experts')
      .then((b) => setExperts(b.items))
      .catch(fail);
  useEffect(() => void load(), []);

  async function save(x: Expert, capacity: number) {
    setError(undefined);
    try {
      await api.send('PUT', `/experts/${encodeURIComponent(x.id)}`, { capacity, specialties: x.specialties });
      setNote(`${x.id}: ${t('saved')}`);
      await load();
    } catch (e) {
      fail(e);
    }
  }

  return (
    <section aria-labelledby="experts-title">
      <h2 id="experts-title">{t('experts')}</h2>
      {note && <p role="status">{note}</p>}
      <Alert message={error} />
      {!experts && !error && <p>{t('loading')}</p>}
      {experts && (
        <table data-testid="experts">
          <TableHead cols={['Id', t('capacity'), t('load'), t('available'), t('specialties')]} />
          <tbody>
            {experts.map((x) => (
              <tr key={x.id} data-expert={x.id}>
                <td>{x.id}</td>
                <td>
                  <form
                    class="inline"
                    onSubmit={(e) => {
                      e.preventDefault();
                      const f = new FormData(e.currentTarget as HTMLFormElement);
                      void save(x, Number(f.get('capacity')));
                    }}
                  >
                    <input
                      name="capacity"
                      type="number"
                      min={0}
                      max={100}
                      value={x.capacity}
                      aria-label={`${t('capacity')} ${x.id}`}
                    />{' '}
                    <button type="submit">{t('save')}</button>
                  </form>
                </td>
                <td>{x.load}</td>
                <td>{x.available}</td>
                <td>{x.specialties.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
