/** The sagas context's part of the function manifest. */
import type { FunctionSpec, TopicSpec, WorkflowSpec } from '../manifest.types.ts';

export const topics = {} as const satisfies Record<string, TopicSpec>;

export const functions = {} as const satisfies Record<string, FunctionSpec>;

export const workflows = {} as const satisfies Record<string, WorkflowSpec>;
