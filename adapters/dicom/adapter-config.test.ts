import { describe, expect, it } from 'vitest';
import { loadAdapterConfig, parseAdapterConfig } from './adapter-config.ts';

const base = {
  platformUrl: 'https://api.saludtech.example',
  spool: { dir: '/var/spool/saludtech' },
  centers: [
    {
      code: 'HSJ-BOG',
      callingAeTitles: ['HSJ-CT1', 'HSJ-PACS'],
      serviceAccount: { email: 'dicom@hsj.example', passwordEnv: 'HSJ_PASSWORD' },
    },
  ],
};

describe('adapter configuration', () => {
  it('fills the defaults and resolves the password from the environment', () => {
    const c = parseAdapterConfig(base, { HSJ_PASSWORD: 's3cret' });
    expect(c).toMatchObject({
      aeTitle: 'SALUDTECH',
      port: 11112,
      forward: { batchMaxFiles: 20, batchMaxBytes: 8 * 1024 * 1024 },
      centers: [{ code: 'HSJ-BOG', email: 'dicom@hsj.example', password: 's3cret' }],
    });
  });

  it('refuses an AE title over 16 characters or with a backslash, and one calling AE on two centers', () => {
    expect(() =>
      parseAdapterConfig({ ...base, aeTitle: 'A-VERY-LONG-AE-TITLE' }, { HSJ_PASSWORD: 'x' }),
    ).toThrow(/aeTitle/);
    expect(() => parseAdapterConfig({ ...base, aeTitle: 'A\\B' }, { HSJ_PASSWORD: 'x' })).toThrow(/aeTitle/);
    const twice = {
      ...base,
      centers: [base.centers[0], { ...base.centers[0], code: 'OTHER' }],
    };
    expect(() => parseAdapterConfig(twice, { HSJ_PASSWORD: 'x' })).toThrow(/two centers/);
  });

  it('names a missing password variable without printing any secret', () => {
    expect(() => parseAdapterConfig(base, {})).toThrow(/HSJ_PASSWORD is not set/);
  });

  it('reads inline JSON and applies the deployment overrides', () => {
    const c = loadAdapterConfig({
      DICOM_ADAPTER_CONFIG_JSON: JSON.stringify(base),
      HSJ_PASSWORD: 'x',
      DICOM_ADAPTER_PORT: '104',
      DICOM_ADAPTER_PLATFORM_URL: 'http://127.0.0.1:5001',
    });
    expect(c.port).toBe(104);
    expect(c.platformUrl).toBe('http://127.0.0.1:5001');
  });
});
