/**
 * Re-identification officer: reveal tokens with a stated purpose (`POST /tokens:detokenize`). The platform
 * writes each reveal to its audit log; the values are shown on this page only, never stored by it.
 */
import { useState } from 'preact/hooks';
import { type Api, ApiError } from '../api.ts';
import { t } from '../i18n.ts';
import { Alert } from './alert.tsx';
import { TableHead } from './table-head.tsx';

export function DetokenizePage({ api }: { api: Api }) {
  const [values, setValues] = useState<{ token: string; value: string }[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  return (
    <section aria-labelledby="detok-title">
      <h2 id="detok-title">{t('detokenize')}</h2>
      <p>{t('revealAudited')}</p>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget as HTMLFormElement);
          const tokens = String(f.get('tokens'))
            .split(/\s+/)
            .filter((x) => x.length > 0);
          setError(undefined);
          try {
            const r = await api.send<{ values: { token: string; value: string }[] }>(
              'POST',
              '/tokens:detokenize',
              {
                tokens,
                purpose: String(f.get('purpose')),
              },
            );
            setValues(r.values);
          } catch (err) {
            setValues(undefined);
            const fields =
              err instanceof ApiError ? (err.problem.errors ?? []).map((x) => x.field).join(', ') : '';
            setError(
              err instanceof ApiError
                ? `${err.status}: ${err.message}${fields ? ` (${fields})` : ''}`
                : String(err),
            );
          }
        }}
      >
        <label for="tokens">{t('tokens')}</label>
        <textarea id="tokens" name="tokens" rows={4} required />
        <label for="purpose">{t('purpose')}</label>
        <input id="purpose" name="purpose" minLength={10} maxLength={500} required />
        <p>
          <button type="submit">{t('reveal')}</button>
        </p>
      </form>
      <Alert message={error} />
      {values && (
        <table data-testid="revealed">
          <TableHead cols={[t('token'), t('value')]} />
          <tbody>
            {values.map((v) => (
              <tr key={v.token}>
                <td>{v.token}</td>
                <td>{v.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
