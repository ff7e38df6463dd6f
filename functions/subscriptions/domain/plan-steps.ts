/** Which provisioning steps of a plan name a function that is not a plan step (pure: the names come in). */
import type { FieldError } from '../../platform/http/problem.ts';

export function unknownStepFunctions(
  provisioning: readonly { call: string; compensate: string }[],
  known: ReadonlySet<string>,
): FieldError[] {
  const choices = [...known].sort().join(', ');
  return provisioning.flatMap((s, i) =>
    (['call', 'compensate'] as const)
      .filter((k) => !known.has(s[k]))
      .map((k) => ({
        field: `body.provisioning.${i}.${k}`,
        message: `not a plan step function; one of: ${choices}`,
      })),
  );
}
