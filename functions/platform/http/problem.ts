/** RFC 9457 problem details: the one error shape of every HTTP function. */
import type { z } from 'zod';

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const PROBLEM_BASE = 'https://api.saludtech.example/problems';

/** A problem with a stable `type` slug clients can switch on. */
export function problem(status: number, slug: string, detail?: string, errors?: FieldError[]): Problem {
  return {
    type: `${PROBLEM_BASE}/${slug}`,
    title: TITLES[status] ?? 'Error',
    status,
    ...(detail === undefined ? {} : { detail }),
    ...(errors === undefined ? {} : { errors }),
  };
}

/** Field errors from a zod failure: paths and messages only (zod messages never echo input values here). */
export function fieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') path.push(issue.keys.join(','));
    const field = [prefix, ...path].filter(Boolean).join('.') || '(body)';
    const message = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
    return { field, message };
  });
}

export const isProblem = (value: unknown): value is Problem =>
  typeof value === 'object' && value !== null && 'status' in value && 'type' in value && 'title' in value;
