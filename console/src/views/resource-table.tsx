/** A read-only table of one API list (`items` of a GET), with loading and problem states. */
import { useEffect, useState } from 'preact/hooks';
import { type Api, ApiError } from '../api.ts';
import { t } from '../i18n.ts';
import { Alert } from './alert.tsx';

export interface Column<T> {
  title: string;
  cell(item: T): string | number | undefined;
}

export function ResourceTable<T>({
  api,
  path,
  title,
  columns,
  pick,
}: {
  api: Api;
  path: string;
  title: string;
  columns: Column<T>[];
  /** The rows of the answer (default: its `items`). */
  pick?: (body: unknown) => T[];
}) {
  const [rows, setRows] = useState<T[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    api
      .get<unknown>(path)
      .then((b) => setRows(pick ? pick(b) : ((b as { items?: T[] }).items ?? [])))
      .catch((e: unknown) => setError(e instanceof ApiError ? `${e.status}: ${e.message}` : String(e)));
  }, [path]);
  return (
    <section aria-labelledby={`${path}-title`}>
      <h2 id={`${path}-title`}>{title}</h2>
      <Alert message={error} />
      {!rows && !error && <p>{t('loading')}</p>}
      {rows && (
        <table data-testid={`table-${path}`}>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.title}>{c.title}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                {columns.map((c) => (
                  <td key={c.title}>{c.cell(r)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
