/** The console shell: sign-in, then the views the user's roles open, in Spanish or English. */
import { useState } from 'preact/hooks';
import { type Api, api as makeApi } from './api.ts';
import type { ConsoleConfig } from './config.ts';
import { type Lang, lang, setLang, t } from './i18n.ts';
import { leave, type Session, signIn } from './session.ts';
import { Alert } from './views/alert.tsx';
import { DeadLettersPage } from './views/dead-letters.tsx';
import { DetokenizePage } from './views/detokenize.tsx';
import { ExpertsPage } from './views/experts.tsx';
import { ImagesPage } from './views/images.tsx';
import { PlanEditorPage } from './views/plan-editor.tsx';
import { QuarantinePage } from './views/quarantine.tsx';
import { ResourceTable } from './views/resource-table.tsx';
import { SubscribePage } from './views/subscribe.tsx';
import { UploadPage } from './views/upload.tsx';

type View =
  | 'upload'
  | 'pastUploads'
  | 'plans'
  | 'planEditor'
  | 'images'
  | 'quarantine'
  | 'audit'
  | 'detokenize'
  | 'centers'
  | 'experts'
  | 'notifications'
  | 'deadLetters'
  | 'sagaLogs';

/** Which views each role opens (roles add up). */
const VIEWS: Record<string, View[]> = {
  health_center: ['upload', 'pastUploads', 'images', 'notifications'],
  client: ['plans', 'images', 'notifications'],
  privacy_officer: ['quarantine', 'audit'],
  reidentification_officer: ['detokenize'],
  admin: [
    'centers',
    'experts',
    'planEditor',
    'quarantine',
    'images',
    'pastUploads',
    'deadLetters',
    'sagaLogs',
  ],
  expert: ['images'],
};

const viewsOf = (roles: string[]) => [...new Set(roles.flatMap((r) => VIEWS[r] ?? []))];

function SignIn() {
  const [error, setError] = useState<string | undefined>();
  return (
    <form
      aria-labelledby="signin-title"
      onSubmit={async (e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget as HTMLFormElement);
        try {
          await signIn(String(f.get('email')), String(f.get('password')));
        } catch (err) {
          setError((err as { code?: string }).code ?? String(err));
        }
      }}
    >
      <h2 id="signin-title">{t('signIn')}</h2>
      <label for="email">{t('email')}</label>
      <input id="email" name="email" type="email" autocomplete="username" required />
      <label for="password">{t('password')}</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required />
      <p>
        <button type="submit">{t('signIn')}</button>
      </p>
      <Alert message={error} />
    </form>
  );
}

interface Counts {
  anonymized: number;
  rejected: number;
  held: number;
  reasons: Record<string, number>;
}

function Page({ view, api }: { view: View; api: Api }) {
  switch (view) {
    case 'deadLetters':
      return <DeadLettersPage api={api} />;
    case 'upload':
      return <UploadPage api={api} />;
    case 'plans':
      return <SubscribePage api={api} />;
    case 'planEditor':
      return <PlanEditorPage api={api} />;
    case 'images':
      return <ImagesPage api={api} />;
    case 'quarantine':
      return <QuarantinePage api={api} />;
    case 'detokenize':
      return <DetokenizePage api={api} />;
    case 'experts':
      return <ExpertsPage api={api} />;
    case 'pastUploads':
      return (
        <ResourceTable<{ uploadId: string; centerCode: string; openedAt: string } & Counts>
          api={api}
          path="/uploads"
          title={t('pastUploads')}
          columns={[
            { title: t('openedAt'), cell: (u) => new Date(u.openedAt).toLocaleString(lang()) },
            { title: t('centers'), cell: (u) => u.centerCode },
            { title: 'Id', cell: (u) => u.uploadId.slice(0, 8) },
            { title: t('anonymized'), cell: (u) => u.anonymized },
            { title: t('rejected'), cell: (u) => u.rejected },
            { title: t('held'), cell: (u) => u.held },
            {
              title: t('reason'),
              cell: (u) =>
                Object.entries(u.reasons)
                  .map(([r, n]) => `${r} ×${n}`)
                  .join(', '),
            },
          ]}
        />
      );
    case 'audit':
      return (
        <ResourceTable<{
          at: string;
          action: string;
          uid: string;
          role: string;
          imageId?: string;
          reason?: string;
          outcome?: string;
        }>
          api={api}
          path="/quarantine/audit"
          title={t('audit')}
          columns={[
            { title: t('when'), cell: (a) => new Date(a.at).toLocaleString(lang()) },
            { title: t('action'), cell: (a) => a.action },
            { title: t('user'), cell: (a) => a.uid.slice(0, 8) },
            { title: t('role'), cell: (a) => a.role },
            { title: t('image'), cell: (a) => a.imageId?.slice(0, 8) },
            { title: t('reason'), cell: (a) => a.reason },
            { title: t('outcome'), cell: (a) => a.outcome },
          ]}
        />
      );
    case 'sagaLogs':
      return (
        <ResourceTable<{
          sagaId: string;
          step: string;
          status: string;
          attempt: number;
          reason?: string;
          updatedAt: string;
        }>
          api={api}
          path="/saga/logs"
          title={t('sagaLogs')}
          columns={[
            { title: t('saga'), cell: (l) => l.sagaId.slice(0, 8) },
            { title: t('step'), cell: (l) => l.step },
            { title: t('status'), cell: (l) => l.status },
            { title: t('attempt'), cell: (l) => l.attempt },
            { title: t('reason'), cell: (l) => l.reason },
            { title: t('updatedAt'), cell: (l) => new Date(l.updatedAt).toLocaleString(lang()) },
          ]}
        />
      );
    case 'centers':
      return (
        <ResourceTable<{ code: string; name: string; city: string }>
          api={api}
          path="/centers"
          title={t('centers')}
          columns={[
            { title: t('code'), cell: (c) => c.code },
            { title: t('name'), cell: (c) => c.name },
            { title: t('city'), cell: (c) => c.city },
          ]}
        />
      );
    case 'notifications':
      return (
        <ResourceTable<{ id: string; status?: string; kind?: string }>
          api={api}
          path="/notifications"
          title={t('notifications')}
          columns={[
            { title: 'Id', cell: (n) => n.id.slice(0, 8) },
            { title: t('status'), cell: (n) => n.status },
            { title: 'Kind', cell: (n) => n.kind },
          ]}
        />
      );
  }
}

export function App({ config, session }: { config: ConsoleConfig; session: Session | undefined }) {
  const [, rerender] = useState(0);
  const views = session ? viewsOf(session.roles) : [];
  const [chosen, setChosen] = useState<View | undefined>();
  const view = chosen && views.includes(chosen) ? chosen : views[0];
  return (
    <>
      <header>
        <h1>{t('title')}</h1>
        {session && (
          <nav aria-label="main">
            {views.map((v) => (
              <button
                key={v}
                type="button"
                aria-current={v === view ? 'page' : undefined}
                onClick={() => setChosen(v)}
              >
                {t(v)}
              </button>
            ))}
          </nav>
        )}
        <div>
          <label for="lang" style="display:inline;margin-right:.4rem">
            {t('language')}
          </label>
          <select
            id="lang"
            value={lang()}
            onChange={(e) => {
              setLang((e.target as HTMLSelectElement).value as Lang);
              rerender((n) => n + 1);
            }}
          >
            <option value="es">Español</option>
            <option value="en">English</option>
          </select>
          {session && (
            <>
              {' '}
              <span>
                {t('signedInAs')} {session.email}
              </span>{' '}
              <button type="button" onClick={() => void leave()}>
                {t('signOut')}
              </button>
            </>
          )}
        </div>
      </header>
      <main>
        {!session && <SignIn />}
        {session && !view && <p>{t('noRole')}</p>}
        {session && view && <Page view={view} api={makeApi(config.apiUrl, session)} />}
      </main>
    </>
  );
}
