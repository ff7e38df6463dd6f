/** Who may read a saga: admins, and the client whose subscription it provisions (others: not found). */
import type { SagaView } from '../../../schemas/sagas/v1/saga.ts';
import type { Principal } from '../../platform/auth.ts';
import { findSaga } from '../../platform/saga/saga-log.repository.ts';

export async function readableSaga(sagaId: string, principal: Principal): Promise<SagaView | undefined> {
  const found = await findSaga(sagaId);
  if (!found) return undefined;
  if (principal.roles.includes('admin') || found.ownerUid === principal.uid) return found.view;
  return undefined;
}
