import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  fieldErrors,
  type Problem as ProblemShape,
  problem,
} from '../../../functions/platform/http/problem.ts';
import { Problem, type ProblemBody, ValidationProblem } from './problem.ts';

describe('Problem schema', () => {
  it('describes what the platform sends: problem() plus the instance added when answering', () => {
    expect(
      Problem.parse({ ...problem(404, 'not-found', 'no such center'), instance: '/centers/x' }),
    ).toMatchObject({
      status: 404,
    });
    expectTypeOf<ProblemShape>().toExtend<ProblemBody>();
  });

  it('requires a 400 to name its failing fields', () => {
    const error = z.object({ code: z.string() }).safeParse({}).error as z.ZodError;
    expect(
      ValidationProblem.safeParse(problem(400, 'validation', 'invalid body', fieldErrors(error, 'body')))
        .success,
    ).toBe(true);
    expect(ValidationProblem.safeParse(problem(400, 'validation', 'invalid body')).success).toBe(false);
  });
});
