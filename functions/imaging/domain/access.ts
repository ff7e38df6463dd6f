/** Who may read what in the catalogue (identity decides the roles; this decides what they unlock). */
import type { Role } from '../../manifest.types.ts';

/** Roles that may read a clinical history in clear: the experts who curate datasets. */
export const HISTORY_READERS: readonly Role[] = ['expert'];

export const mayReadHistory = (roles: readonly Role[]) => roles.some((r) => HISTORY_READERS.includes(r));

/** Roles that see which upload an image came in (an upload id groups one center's batch). */
const UPLOAD_READERS: readonly Role[] = ['admin', 'expert', 'health_center'];

export const mayReadUploadIds = (roles: readonly Role[]) => roles.some((r) => UPLOAD_READERS.includes(r));
