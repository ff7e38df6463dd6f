import { describe, expect, it } from 'vitest';
import { createLogger, traceIdFrom } from './logger.ts';

const capture = (level?: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR') => {
  const lines: string[] = [];
  const logger = createLogger({ projectId: 'p', sink: (l) => lines.push(l), ...(level ? { level } : {}) });
  return { logger, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
};

describe('logger', () => {
  it('writes one Cloud Logging JSON line with severity, message and the trace resource', () => {
    const { logger, entries } = capture();
    logger.with({ trace: 'abc', fn: 'x' }).warn('something', { id: 'c-1' });
    expect(entries()).toEqual([
      expect.objectContaining({
        severity: 'WARNING',
        message: 'something',
        fn: 'x',
        id: 'c-1',
        'logging.googleapis.com/trace': 'projects/p/traces/abc',
      }),
    ]);
  });

  it('drops entries below the configured level', () => {
    const { logger, entries } = capture('WARNING');
    logger.info('quiet');
    logger.error('loud');
    expect(entries().map((e) => e.message)).toEqual(['loud']);
  });

  it('reads the trace id from traceparent or X-Cloud-Trace-Context', () => {
    expect(traceIdFrom({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' })).toBe(
      '4bf92f3577b34da6a3ce929d0e0e4736',
    );
    expect(traceIdFrom({ 'x-cloud-trace-context': '105445aa7843bc8bf206b120001000/1;o=1' })).toBe(
      '105445aa7843bc8bf206b120001000',
    );
    expect(traceIdFrom({})).toBeUndefined();
  });
});
