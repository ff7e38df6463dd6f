/** Who may read a data service, and what of it: its client owner, the assigned expert, admins. */
import type { DataServiceView } from '../../../schemas/data-services/v1/data-service.view.ts';
import type { Role } from '../../manifest.types.ts';

interface Reader {
  uid: string;
  roles: readonly Role[];
}

/**
 * The view a reader gets, or undefined when it may not see the service at all. A client never sees the
 * expert's identity-platform uid, only that one is assigned.
 */
export function visibleDataService(
  view: DataServiceView & { userId?: string },
  reader: Reader,
): DataServiceView | undefined {
  const { userId, ...shown } = view;
  if (reader.roles.includes('admin')) return shown;
  if (reader.roles.includes('expert') && view.expertId === reader.uid) return shown;
  if (reader.roles.includes('client') && userId !== undefined && userId === reader.uid) {
    const { expertId, ...forClient } = shown;
    return { ...forClient, expertAssigned: expertId !== undefined };
  }
  return undefined;
}
