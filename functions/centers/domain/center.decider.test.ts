import { describe, expect, it } from 'vitest';
import { type CenterCommand, type CenterEvent, decide, evolve, initialState } from './center.decider.ts';

const at = new Date('2026-11-23T10:00:00.000Z');
const register: CenterCommand = {
  type: 'RegisterCenter',
  at,
  data: {
    centerId: '6f1c1d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f',
    code: 'HSJ-BOG',
    name: 'Hospital San José',
    city: 'Bogotá',
    contactEmail: 'imagenes@hsj.example',
    requestedBy: 'admin-1',
  },
};
const registered: CenterEvent = {
  type: 'CenterRegistered',
  data: {
    centerId: register.data.centerId,
    code: 'HSJ-BOG',
    name: 'Hospital San José',
    city: 'Bogotá',
    contactEmail: 'imagenes@hsj.example',
    country: 'CO',
    registeredAt: at.toISOString(),
  },
};

/** given(events).when(command) → the decision */
const given = (events: CenterEvent[]) => ({
  when: (command: CenterCommand) => decide(command, events.reduce(evolve, initialState())),
});

describe('center decider', () => {
  it('registers an unregistered center, stamping the command time', () => {
    expect(given([]).when(register)).toEqual({ ok: true, events: [registered] });
  });

  it('records the requested country, and Colombia when none is given', () => {
    const abroad = { ...register, data: { ...register.data, country: 'EC' } };
    const decision = given([]).when(abroad);
    expect(decision.ok && decision.events[0]?.data.country).toBe('EC');
    expect(registered.data.country).toBe('CO');
  });

  it('rejects registering the same center twice', () => {
    expect(given([registered]).when(register)).toEqual({ ok: false, rejection: 'CenterAlreadyRegistered' });
  });

  it('evolves to a registered center at version 1', () => {
    expect(evolve(initialState(), registered)).toMatchObject({
      status: 'registered',
      version: 1,
      code: 'HSJ-BOG',
    });
  });
});

describe('center decider, exhaustiveness', () => {
  it('refuses an unknown command or event loudly instead of ignoring it', () => {
    expect(() => decide({ ...register, type: 'SuspendCenter' } as never, initialState())).toThrow(
      /unknown command/,
    );
    expect(() => evolve(initialState(), { type: 'CenterRenamed' } as never)).toThrow(/unknown event/);
  });
});
