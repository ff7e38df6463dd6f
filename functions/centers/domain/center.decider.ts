/** The center aggregate as a pure decider: decide(command, state) → events | rejection; evolve(state, event) → state. */
import type { RegisterCenter } from '../../../schemas/centers/v1/register-center.command.ts';

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
      registeredAt: string;
    };

export type CenterCommand = { type: 'RegisterCenter'; data: RegisterCenter; at: Date };

export type CenterEvent = {
  type: 'CenterRegistered';
  data: {
    centerId: string;
    code: string;
    name: string;
    city: string;
    contactEmail: string;
    registeredAt: string;
  };
};

export type CenterRejection = 'CenterAlreadyRegistered';

export type Decision = { ok: true; events: CenterEvent[] } | { ok: false; rejection: CenterRejection };

export const initialState = (): CenterState => ({ status: 'unregistered', version: 0 });

function register(command: CenterCommand, state: CenterState): Decision {
  if (state.status !== 'unregistered') return { ok: false, rejection: 'CenterAlreadyRegistered' };
  const { centerId, code, name, city, contactEmail } = command.data;
  return {
    ok: true,
    events: [
      {
        type: 'CenterRegistered',
        data: { centerId, code, name, city, contactEmail, registeredAt: command.at.toISOString() },
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
