/** Deployed entry point: Cloud Run sets FUNCTION_TARGET, so each instance loads only its own handler. */
import type { FunctionName } from './manifest.ts';
import { registerFunctions } from './register.ts';

const target = process.env.FUNCTION_TARGET as FunctionName | undefined;
await registerFunctions(target ? [target] : undefined);
