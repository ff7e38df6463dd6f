import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrors, isProblem, problem } from './problem.ts';

describe('problem details', () => {
  it('has a stable type, a title for the status and the failing fields', () => {
    const p = problem(400, 'validation', 'invalid body', [{ field: 'body.code', message: 'required' }]);
    expect(p).toEqual({
      type: 'https://api.saludtech.example/problems/validation',
      title: 'Bad Request',
      status: 400,
      detail: 'invalid body',
      errors: [{ field: 'body.code', message: 'required' }],
    });
    expect(isProblem(p)).toBe(true);
    expect(isProblem({ status: 200 })).toBe(false);
  });

  it('names each failing field, including unknown fields, without echoing values', () => {
    const schema = z.strictObject({ code: z.string(), age: z.number() });
    const result = schema.safeParse({ code: 7, extra: 'SECRET-VALUE' });
    expect(result.success).toBe(false);
    const errors = fieldErrors((result as { error: z.ZodError }).error, 'body');
    expect(errors.map((e) => e.field).sort()).toEqual(['body.age', 'body.code', 'body.extra']);
    expect(JSON.stringify(errors)).not.toContain('SECRET-VALUE');
  });
});
