/**
 * The plan editor's draft and its checks before `PUT /plans/{code}`: step names kebab-case and unique, every
 * `call` and `compensate` one of the plan step functions the manifest offers (`GET /saga/plan-steps`), args
 * valid JSON. The server checks the same again; its field errors are shown as they come.
 */
import { majorUnits, type Plan } from './plan.ts';

export interface StepDraft {
  step: string;
  call: string;
  compensate: string;
  /** The step's args as JSON text (dataset, cloud, template). */
  args: string;
}

export interface PlanDraft {
  code: string;
  name: string;
  /** In major units (49000000 minor = 490000.00). */
  amount: string;
  currency: string;
  period: 'monthly' | 'yearly';
  steps: StepDraft[];
}

export interface DraftError {
  field: string;
  message: string;
}

const KEBAB = /^[a-z][a-z0-9-]{1,40}$/;
const CODE = /^[a-z][a-z0-9-]{1,31}$/;

export const draftOf = (p: Plan): PlanDraft => ({
  code: p.code,
  name: p.name,
  amount: majorUnits(p.price).toFixed(2),
  currency: p.price.currency,
  period: p.period,
  steps: p.provisioning.map((s) => ({ ...s, args: JSON.stringify(s.args) })),
});

export const emptyDraft = (): PlanDraft => ({
  code: '',
  name: '',
  amount: '0.00',
  currency: 'COP',
  period: 'monthly',
  steps: [],
});

/** The draft's errors (field paths as the server names them), or its request body. */
export function checkDraft(
  d: PlanDraft,
  stepFunctions: ReadonlySet<string>,
): { errors: DraftError[] } | { body: unknown } {
  const errors: DraftError[] = [];
  if (!CODE.test(d.code)) errors.push({ field: 'code', message: 'kebab-case, 2–32' });
  if (!d.name.trim()) errors.push({ field: 'body.name', message: 'required' });
  const amount = Number(d.amount);
  if (!Number.isFinite(amount) || amount < 0) errors.push({ field: 'body.price', message: '≥ 0' });
  if (!/^[A-Z]{3}$/.test(d.currency)) errors.push({ field: 'body.price.currency', message: 'ISO 4217' });
  const seen = new Set<string>();
  const provisioning = d.steps.map((s, i) => {
    const at = `body.provisioning.${i}`;
    if (!KEBAB.test(s.step)) errors.push({ field: `${at}.step`, message: 'kebab-case' });
    else if (seen.has(s.step)) errors.push({ field: `${at}.step`, message: 'repeated' });
    seen.add(s.step);
    for (const k of ['call', 'compensate'] as const)
      if (!stepFunctions.has(s[k])) errors.push({ field: `${at}.${k}`, message: 'not a plan step function' });
    let args: unknown = {};
    try {
      args = s.args.trim() ? JSON.parse(s.args) : {};
    } catch {
      errors.push({ field: `${at}.args`, message: 'not JSON' });
    }
    return { step: s.step, call: s.call, compensate: s.compensate, args };
  });
  if (errors.length > 0) return { errors };
  return {
    body: {
      name: d.name.trim(),
      price: { amountMinor: Math.round(amount * 100), currency: d.currency },
      period: d.period,
      provisioning,
    },
  };
}
