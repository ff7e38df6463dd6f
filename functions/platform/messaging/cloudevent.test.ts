import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineEvent } from '../../../schemas/message.ts';
import { envelope, fromPubsubMessage, toPubsubMessage } from './cloudevent.ts';

const Thing = defineEvent('tests', 'thing-happened', 1, z.object({ n: z.number() }));

describe('CloudEvents envelope', () => {
  it('builds a 1.0 envelope with type, dataschema and correlation', () => {
    const env = envelope(
      Thing,
      { n: 1 },
      { source: '/saludtech/tests/fn', subject: 's-1', correlationId: 'c-1', causationId: 'x-1' },
    );
    expect(env).toMatchObject({
      specversion: '1.0',
      type: 'saludtech.tests.thing-happened.v1',
      source: '/saludtech/tests/fn',
      subject: 's-1',
      datacontenttype: 'application/json',
      dataschema: 'https://api.saludtech.example/schemas/saludtech.tests.thing-happened.v1.json',
      correlationid: 'c-1',
      causationid: 'x-1',
      data: { n: 1 },
    });
    expect(env.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses to build an envelope around invalid data', () => {
    expect(() => envelope(Thing, { n: 'one' } as unknown as { n: number }, { source: '/s' })).toThrow();
  });

  it('round-trips through the Pub/Sub binary binding (ce-* attributes, data as body)', () => {
    const env = envelope(Thing, { n: 2 }, { source: '/s', sequence: 3 });
    const msg = toPubsubMessage(env);
    expect(msg.attributes['ce-type']).toBe(Thing.type);
    expect(JSON.parse(msg.data.toString())).toEqual({ n: 2 });
    const back = fromPubsubMessage({ data: msg.data.toString('base64'), attributes: msg.attributes });
    expect(back).toEqual({ ok: true, envelope: env });
  });

  it('explains what is wrong with a message that is not one of ours', () => {
    expect(fromPubsubMessage({ data: Buffer.from('{}').toString('base64'), attributes: {} })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('ce-type'),
    });
    const attrs = toPubsubMessage(envelope(Thing, { n: 1 }, { source: '/s' })).attributes;
    expect(
      fromPubsubMessage({ data: Buffer.from('not json').toString('base64'), attributes: attrs }),
    ).toEqual({
      ok: false,
      reason: 'message body is not JSON',
    });
  });
});
