/** Who may read what in the catalogue (identity decides the roles; this decides what they unlock). */
import type { Role } from '../../manifest.types.ts';

/** Roles that may read a clinical history in clear: the experts who curate datasets. */
export const HISTORY_READERS: readonly Role[] = ['expert'];

export const mayReadHistory = (roles: readonly Role[]) => roles.some((r) => HISTORY_READERS.includes(r));
