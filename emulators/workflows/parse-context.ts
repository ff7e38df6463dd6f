/** Shared state and helpers of one workflow load: the error type, failure reporting and deferred checks. */
import type { Subworkflow } from './program.types.ts';

/** A definition outside the supported subset, or malformed; the message names file and step. */
export class WorkflowSyntaxError extends Error {
  override name = 'WorkflowSyntaxError';
}

export type Raw = Record<string, unknown>;
export const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
export const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** One file being loaded: labels errors with the file name and collects checks that need every subworkflow. */
export class ParseContext {
  /** Deferred checks that need every subworkflow loaded (calls and predicates by name). */
  readonly pending: (() => void)[] = [];
  readonly subworkflows: Record<string, Subworkflow> = {};

  constructor(readonly file: string) {}

  fail(where: string, message: string): never {
    throw new WorkflowSyntaxError(`${this.file}: ${where}: ${message}`);
  }

  onlyKeys(raw: Raw, allowed: string[], where: string): void {
    for (const key of Object.keys(raw))
      if (!allowed.includes(key)) {
        const hint = key === 'parallel' ? ' (parallel steps are not supported by the stand-in)' : '';
        this.fail(where, `unsupported key '${key}'${hint}; allowed here: ${allowed.join(', ')}`);
      }
  }
}
