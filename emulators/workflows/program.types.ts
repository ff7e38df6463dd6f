/** The loaded form of a workflow: subworkflows of typed steps with compiled expressions (the interpreter's input). */
import type { Expr } from './expression-parser.ts';
import type { WfValue } from './values.ts';

/** A YAML value with its `${…}` expressions compiled; evaluated when the step runs. */
export type Template =
  | { kind: 'const'; value: WfValue }
  | { kind: 'expr'; expr: Expr; source: string }
  | { kind: 'list'; items: Template[] }
  | { kind: 'map'; entries: [string, Template][] };

/** Where an assignment writes: a variable, optionally followed by `.key` / `[expr]` accessors. */
export interface AssignTarget {
  variable: string;
  path: ({ kind: 'key'; name: string } | { kind: 'index'; expr: Expr })[];
}

export type Predicate =
  | {
      kind: 'builtin';
      name:
        | 'http.default_retry_predicate'
        | 'http.default_retry_predicate_non_idempotent'
        | 'retry.always'
        | 'retry.never';
    }
  | { kind: 'subworkflow'; name: string };

export interface RetryPolicy {
  predicate: Predicate;
  maxRetries: number;
  initialDelay: number;
  maxDelay: number;
  multiplier: number;
}

/** `next:` target: a step name, or one of the reserved words. */
export type Next = string;

interface StepCommon {
  /** Step name, or a synthetic one for anonymous bodies (`try`, switch conditions). */
  name: string;
  /** Human-readable location, e.g. `main > call_api`, for errors. */
  where: string;
  next?: Next;
}

export type StepBody =
  | { kind: 'assign'; assignments: { target: AssignTarget; value: Template }[] }
  | { kind: 'call'; fn: string; args: [string, Template][]; result?: string }
  | { kind: 'switch'; conditions: { condition: Template; body: Step }[] }
  | {
      kind: 'for';
      value: string;
      index?: string;
      source: { kind: 'in'; list: Template } | { kind: 'range'; from: Template; to: Template };
      steps: Step[];
    }
  | { kind: 'try'; body: Step[]; retry?: RetryPolicy; except?: { as?: string; steps: Step[] } }
  | { kind: 'raise'; value: Template }
  | { kind: 'return'; value: Template }
  | { kind: 'steps'; steps: Step[] }
  | { kind: 'jump' };

export type Step = StepCommon & StepBody;

export interface Param {
  name: string;
  default?: Template;
}

export interface Subworkflow {
  name: string;
  params: Param[];
  steps: Step[];
}

export interface WorkflowProgram {
  file: string;
  subworkflows: Record<string, Subworkflow>;
}
