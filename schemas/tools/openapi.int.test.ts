/** The local suite serves the generated OpenAPI document, as the production API front does. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { api } from '../../emulators/test/suite.ts';

describe('GET /openapi.json', () => {
  it('answers the committed generated document, without a token', async () => {
    const res = await api('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const committed = readFileSync(new URL('../generated/openapi.json', import.meta.url), 'utf8');
    expect(res.body).toEqual(JSON.parse(committed));
  });
});
