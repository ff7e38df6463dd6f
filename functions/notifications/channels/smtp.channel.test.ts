import { describe, expect, it } from 'vitest';
import { smtpOutcome } from './smtp.channel.ts';

describe('SMTP outcomes', () => {
  it('4xx and no answer retry; 5xx is permanent', () => {
    expect(smtpOutcome({ responseCode: 451 })).toEqual({ ok: false, reason: 'smtp-451', retryable: true });
    expect(smtpOutcome({ responseCode: 550 })).toEqual({ ok: false, reason: 'smtp-550', retryable: false });
    expect(smtpOutcome({ code: 'ECONNREFUSED' })).toEqual({
      ok: false,
      reason: 'smtp-econnrefused',
      retryable: true,
    });
  });
});
