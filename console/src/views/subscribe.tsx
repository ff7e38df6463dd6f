/**
 * Client: the plans, a subscription with the seed's own fields (sent as the seed body to
 * `POST /suscripciones/suscripcion-comando`), then the PRO saga's steps arriving live from
 * `GET /sagas/{id}/events` (the same data as `GET /sagas/{id}`): RECEIVED, PROCESSED, FAILED, COMPENSATED.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { type Api, ApiError, watchEvents } from '../api.ts';
import { t } from '../i18n.ts';
import { majorUnits, type Plan } from '../plan.ts';
import { Alert } from './alert.tsx';
import { TableHead } from './table-head.tsx';

interface Saga {
  sagaId: string;
  status: string;
  reason?: string;
  timeline: { step: string; status: string; history: { status: string; at: string }[] }[];
}

const FIELDS = ['codigo', 'nombres', 'apellidos', 'usuario', 'rut', 'cedula', 'email'] as const;

/** Follows the saga; its record appears once the workflow has started, so a 404 is retried. */
function useSaga(api: Api, sagaId: string | undefined): Saga | undefined {
  const [saga, setSaga] = useState<Saga | undefined>();
  useEffect(() => {
    if (!sagaId) return;
    const ctrl = new AbortController();
    void (async () => {
      while (!ctrl.signal.aborted) {
        try {
          await watchEvents(
            api,
            `/sagas/${sagaId}/events`,
            (type, data) => type === 'saga' && setSaga(data as Saga),
            ctrl.signal,
          );
        } catch (e) {
          if (ctrl.signal.aborted) return;
          if (!(e instanceof ApiError) || e.status !== 404) console.warn('saga stream', e);
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    return () => ctrl.abort();
  }, [sagaId]);
  return saga;
}

export function SubscribePage({ api }: { api: Api }) {
  const [plans, setPlans] = useState<Plan[] | undefined>();
  const [chosen, setChosen] = useState<Plan | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [sagaId, setSagaId] = useState<string | undefined>();
  const form = useRef<HTMLFormElement>(null);
  const saga = useSaga(api, sagaId);
  useEffect(() => {
    api
      .get<{ items: Plan[] }>('/plans')
      .then((b) => setPlans(b.items))
      .catch((e: unknown) => setError(String(e)));
  }, []);

  async function subscribe(e: Event) {
    e.preventDefault();
    if (!chosen || !form.current) return;
    const f = new FormData(form.current);
    const v = (k: (typeof FIELDS)[number]) => String(f.get(k) ?? '').trim();
    // The seed's BFF body, field for field.
    const body = {
      cliente: {
        codigo: v('codigo'),
        nombre: { nombres: v('nombres'), apellidos: v('apellidos') },
        usuario: v('usuario'),
        rut: { numero: Number(v('rut')) },
        cedula: { numero: Number(v('cedula')) },
        email: v('email'),
      },
      plan: { codigo: chosen.code, nombre: chosen.name },
      facturas: [],
    };
    try {
      setError(undefined);
      const r = await api.post('/suscripciones/suscripcion-comando', body);
      setSagaId(r.location?.split('/').pop());
    } catch (err) {
      setError(
        err instanceof ApiError
          ? `${err.message} ${(err.problem.errors ?? []).map((x) => `${x.field}: ${x.message}`).join('; ')}`
          : String(err),
      );
    }
  }

  return (
    <section aria-labelledby="plans-title">
      <h2 id="plans-title">{t('plans')}</h2>
      <Alert message={error} />
      {!plans && !error && <p>{t('loading')}</p>}
      {plans && (
        <table data-testid="plans">
          <TableHead cols={[t('code'), t('name'), t('price'), t('steps'), t('actions')]} />
          <tbody>
            {plans.map((p) => (
              <tr key={p.code} data-plan={p.code}>
                <td>{p.code}</td>
                <td>{p.name}</td>
                <td>
                  {majorUnits(p.price).toLocaleString()} {p.price.currency} / {p.period}
                </td>
                <td>{p.provisioning.map((s) => s.step).join(', ')}</td>
                <td>
                  <button type="button" data-subscribe={p.code} onClick={() => setChosen(p)}>
                    {t('subscribe')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {chosen && !sagaId && (
        <form ref={form} onSubmit={subscribe} aria-labelledby="subscribe-title" data-testid="subscribe-form">
          <h3 id="subscribe-title">
            {t('subscribe')}: {chosen.name}
          </h3>
          {FIELDS.map((k) => (
            <div key={k}>
              <label for={`f-${k}`}>{t(k)}</label>
              <input
                id={`f-${k}`}
                name={k}
                required
                type={k === 'email' ? 'email' : k === 'rut' || k === 'cedula' ? 'number' : 'text'}
              />
            </div>
          ))}
          <p>
            <button type="submit">{t('subscribe')}</button>
          </p>
        </form>
      )}
      {sagaId && (
        <section
          aria-labelledby="saga-title"
          aria-live="polite"
          data-testid="saga"
          data-saga-id={sagaId}
          data-status={saga?.status ?? ''}
        >
          <h3 id="saga-title">
            {t('saga')} <small>({t('live')})</small>: {saga?.status ?? t('loading')}
          </h3>
          {saga?.reason && <p>{saga.reason}</p>}
          <table>
            <TableHead cols={[t('step'), t('status'), t('history')]} />
            <tbody>
              {(saga?.timeline ?? []).map((s) => (
                <tr key={s.step} data-step={s.step} data-status={s.status}>
                  <td>{s.step}</td>
                  <td>{s.status}</td>
                  <td>{s.history.map((h) => h.status).join(' → ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
