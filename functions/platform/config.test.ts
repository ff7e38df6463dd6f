import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('config', () => {
  it('reads the project and defaults the rest', () => {
    expect(loadConfig({ GOOGLE_CLOUD_PROJECT: 'demo-x' })).toEqual({
      projectId: 'demo-x',
      logLevel: 'INFO',
      maxBodyBytes: 1_048_576,
    });
  });
  it('names the variables that are wrong', () => {
    expect(() => loadConfig({ LOG_LEVEL: 'LOUD' })).toThrow(/projectId.*logLevel|logLevel.*projectId/);
  });
});
