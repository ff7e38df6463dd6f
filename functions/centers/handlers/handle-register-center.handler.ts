/** RegisterCenter (Pub/Sub) — registers the center and publishes CenterRegistered. */
import { RegisterCenterV1 } from '../../../schemas/centers/v1/register-center.command.ts';
import { CenterRegisteredV2 } from '../../../schemas/centers/v2/center-registered.event.ts';
import { eventHandler } from '../../platform/messaging/event-handler.ts';
import { loadCenter, saveCenter } from '../adapters/center.repository.ts';
import { decide, evolve } from '../domain/center.decider.ts';

export default eventHandler({
  accepts: [RegisterCenterV1],
  async handle({ data, envelope }, { tx, emit, log }) {
    const state = await loadCenter(tx, data.centerId);
    // The command's own time, so a redelivery decides exactly the same events.
    const decision = decide({ type: 'RegisterCenter', data, at: new Date(envelope.time) }, state);
    if (!decision.ok) {
      log.warn('command rejected', { rejection: decision.rejection, centerId: data.centerId });
      return [];
    }
    const next = decision.events.reduce(evolve, state);
    if (next.status !== 'registered') throw new Error('RegisterCenter must leave the center registered');
    saveCenter(tx, next, state.version);
    return decision.events.map((e) =>
      emit(CenterRegisteredV2, e.data, { subject: e.data.centerId, sequence: next.version }),
    );
  },
});
