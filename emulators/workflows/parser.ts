/**
 * Loads a Cloud Workflows YAML definition into a WorkflowProgram, accepting only the subset the stand-in runs.
 * Anything else (unknown keys, steps, calls or functions) is a WorkflowSyntaxError naming the step: the local
 * suite must never silently run something different from what production would.
 */
import { isMap as isYamlMap, parseDocument } from 'yaml';
import { IDENT, isRaw, ParseContext, WorkflowSyntaxError } from './parse-context.ts';
import { parseSteps } from './parse-steps.ts';
import { parseTemplate } from './parse-templates.ts';
import type { Param, Step, Subworkflow, WorkflowProgram } from './program.types.ts';

export { WorkflowSyntaxError } from './parse-context.ts';
export type { WorkflowProgram } from './program.types.ts';

function load(ctx: ParseContext, doc: unknown): WorkflowProgram {
  if (Array.isArray(doc)) {
    ctx.subworkflows.main = {
      name: 'main',
      params: [],
      steps: parseSteps(ctx, doc, 'main', new Set(), false),
    };
  } else if (isRaw(doc)) {
    if (!('main' in doc)) ctx.fail('(top level)', "a map of subworkflows needs a 'main' subworkflow");
    for (const [name, body] of Object.entries(doc)) loadSubworkflow(ctx, name, body);
  } else ctx.fail('(top level)', 'expected a list of steps or a map of subworkflows');
  for (const check of ctx.pending) check();
  for (const sub of Object.values(ctx.subworkflows)) checkUniqueNames(ctx, sub);
  return { file: ctx.file, subworkflows: ctx.subworkflows };
}

function loadSubworkflow(ctx: ParseContext, name: string, body: unknown): void {
  if (!IDENT.test(name)) ctx.fail(name, 'invalid subworkflow name');
  if (!isRaw(body)) ctx.fail(name, "a subworkflow is a map with 'steps' (and optional 'params')");
  ctx.onlyKeys(body, ['params', 'steps'], name);
  if (!Array.isArray(body.steps)) ctx.fail(name, "'steps' must be a list");
  const params = parseParams(ctx, body.params, name);
  if (name === 'main' && params.length > 1)
    ctx.fail(name, 'main takes at most one parameter (the runtime argument)');
  ctx.subworkflows[name] = { name, params, steps: parseSteps(ctx, body.steps, name, new Set(), false) };
}

function parseParams(ctx: ParseContext, raw: unknown, where: string): Param[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) ctx.fail(where, "'params' must be a list");
  return raw.map((p): Param => {
    if (typeof p === 'string' && IDENT.test(p)) return { name: p };
    if (isRaw(p) && Object.keys(p).length === 1) {
      const [name, value] = Object.entries(p)[0] as [string, unknown];
      if (IDENT.test(name)) return { name, default: parseTemplate(ctx, value, `${where} params.${name}`) };
    }
    return ctx.fail(where, `invalid parameter ${JSON.stringify(p)}`);
  });
}

function checkUniqueNames(ctx: ParseContext, sub: Subworkflow): void {
  const seen = new Set<string>();
  const visit = (steps: Step[]) => {
    for (const s of steps) {
      if (seen.has(s.name)) ctx.fail(s.where, `duplicate step name '${s.name}' in subworkflow '${sub.name}'`);
      seen.add(s.name);
      if (s.kind === 'steps' || s.kind === 'for') visit(s.steps);
      if (s.kind === 'try') {
        if (!(s.body.length === 1 && s.body[0]?.name === 'try')) visit(s.body);
        if (s.except) visit(s.except.steps);
      }
    }
  };
  visit(sub.steps);
}

/** Parses and validates a workflow definition; `file` only labels error messages. */
export function parseWorkflow(source: string, file = '<workflow>'): WorkflowProgram {
  const doc = parseDocument(source, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0)
    throw new WorkflowSyntaxError(`${file}: invalid YAML: ${doc.errors[0]?.message}`);
  if (!isYamlMap(doc.contents) && doc.contents === null)
    throw new WorkflowSyntaxError(`${file}: empty definition`);
  return load(new ParseContext(file), doc.toJS());
}
