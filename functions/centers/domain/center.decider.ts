/** The center aggregate as a pure decider: decide(command, state) → events | rejection; evolve(state, event) → state. */
import { DEFAULT_COUNTRY } from '../../../schemas/centers/v1/center.fields.ts';
import type { RegisterCenter } from '../../../schemas/centers/v1/register-center.command.ts';
import type { CenterRegisteredV2Data } from '../../../schemas/centers/v2/center-registered.event.ts';

export type CenterState =
  | { status: 'unregistered'; version: 0 }
  | {
      status: 'registered';
      version: number;
      id: string;
      code: string;
      name: string;
      city: string;
      contactEmail: string;
      country: string;
      registeredAt: string;
    };

export type CenterCommand = { type: 'RegisterCenter'; data: RegisterCenter; at: Date };

/** Events carry the latest published version of their data: older versions are upcast before they get here. */
export type CenterEvent = { type: 'CenterRegistered'; data: CenterRegisteredV2Data };

export type CenterRejection = 'CenterAlreadyRegistered';

export type Decision = { ok: true; events: CenterEvent[] } | { ok: false; rejection: CenterRejection };

export const initialState = (): CenterState => ({ status: 'unregistered', version: 0 });

function register(command: CenterCommand, state: CenterState): Decision {
  if (state.status !== 'unregistered') return { ok: false, rejection: 'CenterAlreadyRegistered' };
  const { centerId, code, name, city, contactEmail, country = DEFAULT_COUNTRY } = command.data;
  return {
    ok: true,
    events: [
      {
        type: 'CenterRegistered',
        data: { centerId, code, name, city, contactEmail, country, registeredAt: command.at.toISOString() },
      },
    ],
  };
}

export function decide(command: CenterCommand, state: CenterState): Decision {
  switch (command.type) {
    case 'RegisterCenter':
      return register(command, state);
    default: {
      const unknown: never = command.type;
      throw new Error(`unknown command ${String(unknown)}`);
    }
  }
}

export function evolve(state: CenterState, event: CenterEvent): CenterState {
  switch (event.type) {
    case 'CenterRegistered': {
      const { centerId, ...rest } = event.data;
      return { status: 'registered', version: state.version + 1, id: centerId, ...rest };
    }
    default: {
      const unknown: never = event.type;
      throw new Error(`unknown event ${String(unknown)}`);
    }
  }
}
