/** GET /saga/logs?subscriptionId=&status= — saga log rows (seed 002 route), filtered. */
import { SagaLogs, SagaLogsQuery } from '../../../schemas/sagas/v1/saga.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { findStepLogs } from '../../platform/saga/saga-log.repository.ts';

export default httpHandler({
  query: SagaLogsQuery,
  responses: { 200: SagaLogs },
  handle: async ({ query }) => ok({ items: await findStepLogs(query) }),
});
