/** RFC 9457 problem details as a schema: the one error body of every HTTP function (see functions/platform/http/problem.ts). */
import { z } from 'zod';

export const FieldError = z.object({
  field: z.string().meta({ description: 'Where: `body.code`, `query.pageSize`, `path.id`, `header.X`.' }),
  message: z.string(),
});

export const Problem = z.object({
  type: z.url().meta({ description: 'A stable URI per kind of failure; clients switch on it.' }),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  detail: z.string().optional(),
  instance: z.string().optional().meta({ description: 'The request path.' }),
  errors: z.array(FieldError).optional(),
});
export type ProblemBody = z.infer<typeof Problem>;

/** A 400: names every failing field. */
export const ValidationProblem = Problem.extend({ errors: z.array(FieldError).min(1) });
