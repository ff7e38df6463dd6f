/**
 * Admin: the plan catalogue, and an editor for a plan's price, period and provisioning steps. Each step's
 * `call` and `compensate` are chosen from the plan step functions of the manifest (`GET /saga/plan-steps`);
 * the draft is checked before `PUT /plans/{code}`, and the server's field errors are shown as they come.
 */
import { useEffect, useState } from 'preact/hooks';
import { type Api, ApiError } from '../api.ts';
import { t } from '../i18n.ts';
import { majorUnits, type Plan } from '../plan.ts';
import {
  checkDraft,
  type DraftError,
  draftOf,
  emptyDraft,
  type PlanDraft,
  type StepDraft,
} from '../plan-draft.ts';
import { Alert } from './alert.tsx';
import { TableHead } from './table-head.tsx';

interface StepFunction {
  name: string;
  description: string;
}

const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;

export function PlanEditorPage({ api }: { api: Api }) {
  const [plans, setPlans] = useState<Plan[] | undefined>();
  const [stepFunctions, setStepFunctions] = useState<StepFunction[]>([]);
  const [draft, setDraft] = useState<{ d: PlanDraft; isNew: boolean } | undefined>();
  const [errors, setErrors] = useState<DraftError[]>([]);
  const [note, setNote] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const load = () =>
    Promise.all([
      api.get<{ items: Plan[] }>('/plans'),
      api.get<{ items: StepFunction[] }>('/saga/plan-steps'),
    ]).then(
      ([p, s]) => {
        setPlans(p.items);
        setStepFunctions(s.items);
      },
      (e) => setFailure(String(e)),
    );
  useEffect(() => void load(), []);

  const edit = (d: PlanDraft, isNew: boolean) => {
    setDraft({ d, isNew });
    setErrors([]);
    setNote(undefined);
  };
  const change = (patch: Partial<PlanDraft>) => draft && setDraft({ ...draft, d: { ...draft.d, ...patch } });
  const changeStep = (i: number, patch: Partial<StepDraft>) =>
    draft && change({ steps: draft.d.steps.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;

  async function save() {
    if (!draft) return;
    const checked = checkDraft(draft.d, new Set(stepFunctions.map((s) => s.name)));
    if ('errors' in checked) return setErrors(checked.errors);
    setErrors([]);
    try {
      const saved = await api.send<Plan>('PUT', `/plans/${encodeURIComponent(draft.d.code)}`, checked.body);
      setNote(`${saved.code}: ${t('saved')} (v${saved.version})`);
      setDraft(undefined);
      await load();
    } catch (e) {
      if (e instanceof ApiError && e.problem.errors) setErrors(e.problem.errors);
      else setFailure(e instanceof ApiError ? `${e.status}: ${e.message}` : String(e));
    }
  }

  const fieldError = (field: string) => {
    const m = errorOf(field);
    return m ? (
      <span class="error" id={`err-${field}`}>
        {m}
      </span>
    ) : null;
  };
  const described = (field: string) => (errorOf(field) ? { 'aria-describedby': `err-${field}` } : {});
  /** A labelled input of the draft, with its field error (the server's or the page's) beside it. */
  const textField = (
    id: string,
    label: string,
    field: string,
    props: Record<string, string | number | boolean>,
    patch: (v: string) => Partial<PlanDraft>,
  ) => (
    <>
      <label for={id}>{label}</label>
      <input id={id} {...props} onInput={(e) => change(patch(value(e)))} {...described(field)} />
      {fieldError(field)}
    </>
  );
  const stepSelect = (i: number, k: 'call' | 'compensate', s: StepDraft) => (
    <td>
      <select
        aria-label={`${t(k)} ${i + 1}`}
        value={s[k]}
        onChange={(e) => changeStep(i, { [k]: (e.currentTarget as HTMLSelectElement).value })}
        {...described(`body.provisioning.${i}.${k}`)}
      >
        {!stepFunctions.some((f) => f.name === s[k]) && <option value={s[k]}>{s[k] || '—'}</option>}
        {stepFunctions.map((f) => (
          <option key={f.name} value={f.name} title={f.description}>
            {f.name}
          </option>
        ))}
      </select>
      {fieldError(`body.provisioning.${i}.${k}`)}
    </td>
  );

  return (
    <section aria-labelledby="plans-title">
      <h2 id="plans-title">{t('plans')}</h2>
      {note && <p role="status">{note}</p>}
      <Alert message={failure} />
      {!plans && !failure && <p>{t('loading')}</p>}
      {plans && (
        <table data-testid="plans">
          <TableHead cols={[t('code'), t('name'), t('price'), t('period'), t('steps'), t('version'), '']} />
          <tbody>
            {plans.map((p) => (
              <tr key={p.code} data-plan={p.code}>
                <td>{p.code}</td>
                <td>{p.name}</td>
                <td>
                  {majorUnits(p.price).toFixed(2)} {p.price.currency}
                </td>
                <td>{t(p.period)}</td>
                <td>{p.provisioning.map((s) => s.step).join(', ')}</td>
                <td>{p.version}</td>
                <td>
                  <button type="button" onClick={() => edit(draftOf(p), false)}>
                    {t('edit')} {p.code}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <button type="button" onClick={() => edit(emptyDraft(), true)}>
          {t('newPlan')}
        </button>
      </p>
      {draft && (
        <form
          data-testid="plan-editor"
          aria-labelledby="plan-editor-title"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <h3 id="plan-editor-title">{draft.isNew ? t('newPlan') : `${t('edit')} ${draft.d.code}`}</h3>
          {textField(
            'plan-code',
            t('code'),
            'code',
            { value: draft.d.code, disabled: !draft.isNew },
            (v) => ({ code: v }),
          )}
          {textField('plan-name', t('name'), 'body.name', { value: draft.d.name }, (v) => ({ name: v }))}
          {textField(
            'plan-amount',
            t('price'),
            'body.price',
            { value: draft.d.amount, type: 'number', min: 0, step: '0.01' },
            (v) => ({ amount: v }),
          )}
          {textField(
            'plan-currency',
            t('currency'),
            'body.price.currency',
            { value: draft.d.currency, maxLength: 3 },
            (v) => ({ currency: v.toUpperCase() }),
          )}
          <label for="plan-period">{t('period')}</label>
          <select
            id="plan-period"
            value={draft.d.period}
            onChange={(e) => change({ period: value(e) as PlanDraft['period'] })}
          >
            <option value="monthly">{t('monthly')}</option>
            <option value="yearly">{t('yearly')}</option>
          </select>
          <table data-testid="plan-steps">
            <caption>{t('steps')}</caption>
            <TableHead cols={[t('step'), t('call'), t('compensate'), t('args'), '']} />
            <tbody>
              {draft.d.steps.map((s, i) => (
                // Rows are positions in the plan's step order.
                <tr key={i}>
                  <td>
                    <input
                      aria-label={`${t('step')} ${i + 1}`}
                      value={s.step}
                      onInput={(e) => changeStep(i, { step: value(e) })}
                      {...described(`body.provisioning.${i}.step`)}
                    />
                    {fieldError(`body.provisioning.${i}.step`)}
                  </td>
                  {stepSelect(i, 'call', s)}
                  {stepSelect(i, 'compensate', s)}
                  <td>
                    <textarea
                      aria-label={`${t('args')} ${i + 1}`}
                      value={s.args}
                      rows={2}
                      onInput={(e) => changeStep(i, { args: value(e) })}
                      {...described(`body.provisioning.${i}.args`)}
                    />
                    {fieldError(`body.provisioning.${i}.args`)}
                  </td>
                  <td>
                    <button
                      type="button"
                      onClick={() => change({ steps: draft.d.steps.filter((_, j) => j !== i) })}
                    >
                      {t('remove')} {i + 1}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <button
              type="button"
              onClick={() =>
                change({
                  steps: [
                    ...draft.d.steps,
                    { step: '', call: stepFunctions[0]?.name ?? '', compensate: '', args: '{}' },
                  ],
                })
              }
            >
              {t('addStep')}
            </button>{' '}
            <button type="submit">{t('save')}</button>{' '}
            <button type="button" onClick={() => setDraft(undefined)}>
              {t('cancel')}
            </button>
          </p>
          {errors.length > 0 && (
            <ul class="error" role="alert" data-testid="plan-errors">
              {errors.map((e) => (
                <li key={e.field}>
                  {e.field}: {e.message}
                </li>
              ))}
            </ul>
          )}
        </form>
      )}
    </section>
  );
}
