import { describe, expect, it } from 'vitest';
import { el, sq } from '../../fixtures/dicom-writer.ts';
import { anonymized, baseDataset, dcmdump, file, keyring, read, run, SOP, value } from './test/support.ts';

type Item = Record<string, { Value?: unknown[] }>;
const items = (dict: Record<string, { Value?: unknown[] }>, tag: string) =>
  (dict[tag]?.Value ?? []) as Item[];

describe('profile actions on each VR class', () => {
  it('X removes text, person-name, date and sequence attributes', async () => {
    const r = await run(
      file(
        baseDataset([
          el(0x00081080, 'LO', 'Admitting diagnosis text'),
          el(0x00081050, 'PN', 'Performer^Pat'),
          el(0x00080025, 'DA', '20240101'),
          sq(0x00081084, [[el(0x00080100, 'SH', 'X1')]]),
          el(0x00204000, 'LT', 'Image comment'),
        ]),
      ),
      { options: { retainLongitudinalModifiedDates: false } },
    );
    const { dict } = read(r.out);
    for (const tag of ['00081080', '00081050', '00080025', '00081084', '00204000'])
      expect(dict[tag]).toBeUndefined();
    expect(dcmdump(r.out).status).toBe(0);
  });

  it('Z empties text, person-name, date and sequence attributes, keeping them present', async () => {
    const r = await run(
      file(
        baseDataset([
          el(0x00080050, 'SH', 'ACC-123456'),
          el(0x00080090, 'PN', 'Referrer^Rita'),
          sq(0x00400513, [[el(0x00400032, 'UT', 'issuer')]]),
        ]),
      ),
      { options: { retainLongitudinalModifiedDates: false } },
    );
    const { dict } = read(r.out);
    for (const tag of ['00080050', '00080090', '00100030', '00080020']) {
      expect(dict[tag]).toBeDefined();
      expect(value(dict, tag) ?? '').toBe('');
    }
    expect(items(dict, '00400513')).toEqual([]);
    expect(value(dict, '00280303')).toBe('REMOVED');
  });

  it('D writes dummies: text, date-time, binary; on a sequence it keeps the items with the profile applied', async () => {
    const r = await run(
      file(
        baseDataset([
          el(0x0040a027, 'LO', 'Verifying Org SA'),
          el(0x00340007, 'DT', '20240101101010'),
          el(0x00181000, 'LO', 'SERIAL-99'),
          sq(0x0040a730, [
            [el(0x0040a123, 'PN', 'Observer^Olga'), el(0x0040a160, 'UT', 'finding text kept')],
          ]),
        ]),
      ),
      { options: { retainLongitudinalModifiedDates: false } },
    );
    const { dict } = read(r.out);
    expect(value(dict, '0040A027')).toBe('ANONYMIZED');
    expect(value(dict, '00340007')).toBe('19000101000000');
    expect(value(dict, '00181000')).toBe('ANONYMIZED');
    const content = items(dict, '0040A730')[0] as Item;
    expect(content['0040A123']?.Value?.[0]).toMatchObject({ Alphabetic: 'ANONYMIZED' });
    expect(content['0040A160']?.Value?.[0]).toBe('finding text kept');
  });

  it('U remaps every UID value, multi-valued ones too, and leaves class UIDs alone', async () => {
    const r = await run(
      file(baseDataset([el(0x00080058, 'UI', `${SOP}.1\\${SOP}.2`), el(0x00080014, 'UI', '1.2.3.4.5.6')])),
    );
    const { dict } = read(r.out);
    expect(dict['00080058']?.Value).toEqual([keyring.remapUid(`${SOP}.1`), keyring.remapUid(`${SOP}.2`)]);
    expect(value(dict, '00080014')).toBe(keyring.remapUid('1.2.3.4.5.6'));
  });

  it('K and C under options: characteristics and device identity kept, dates shifted, times kept', async () => {
    const r = await run(
      file(
        baseDataset([
          el(0x00101010, 'AS', '054Y'),
          el(0x00081010, 'SH', 'STATION7'),
          el(0x00080030, 'TM', '101530.5'),
          el(0x0008002a, 'DT', '20240115101530'),
        ]),
      ),
      { options: { retainPatientCharacteristics: true, retainDeviceIdentity: true } },
    );
    const { dict } = read(r.out);
    expect(value(dict, '00101010')).toBe('054Y');
    expect(value(dict, '00081010')).toBe('STATION7');
    expect(value(dict, '00080030')).toBe('101530.5');
    expect(value(dict, '0008002A')).toMatch(/^\d{8}101530$/);
    expect(value(dict, '0008002A')).not.toBe('20240115101530');
    expect(anonymized(r).attributes.patientAge).toBe('054Y');
  });

  it('applies the profile recursively: names, institutions and UIDs deep inside kept sequences', async () => {
    const deep = sq(0x00081115, [
      [
        el(0x0020000e, 'UI', '1.2.3.9.9'),
        sq(0x00081199, [
          [
            el(0x00100010, 'PN', 'PEREZ^JUANITA'),
            el(0x00080080, 'LO', 'Nested Hospital'),
            el(0x00081155, 'UI', SOP),
          ],
        ]),
      ],
    ]);
    const r = await run(file(baseDataset([deep])));
    anonymized(r);
    const { dict } = read(r.out);
    const level1 = items(dict, '00081115')[0] as Item;
    const level2 = (level1['00081199']?.Value ?? [])[0] as Item;
    expect(level1['0020000E']?.Value?.[0]).toBe(keyring.remapUid('1.2.3.9.9'));
    expect(level2['00100010']?.Value?.[0]).toMatchObject({
      Alphabetic: keyring.pseudonym('patient_id', 'MRN-0042', 'CENTER-1'),
    });
    expect(level2['00080080']?.Value?.[0]).toBe('ANONYMIZED');
    expect(level2['00081155']?.Value?.[0]).toBe(keyring.remapUid(SOP));
    expect(r.out.includes(Buffer.from('Nested Hospital'))).toBe(false);
  });

  it('removes private attributes unless allow-listed (creator kept with them), and curves and overlays', async () => {
    const ds = baseDataset([
      el(0x00290010, 'LO', 'SAFE CREATOR'),
      el(0x00291001, 'LO', 'kept value'),
      el(0x00291002, 'LO', 'dropped value'),
      el(0x00310010, 'LO', 'OTHER CREATOR'),
      el(0x00311001, 'LO', 'other value'),
      el(0x50000010, 'US', [1]),
      el(0x60000010, 'US', [2]),
      el(0x60000022, 'LO', 'overlay description'),
      el(0x60003000, 'OW', Buffer.alloc(2)),
    ]);
    const r = await run(file(ds), {
      options: { retainSafePrivate: [{ group: 0x0029, creator: 'SAFE CREATOR', element: 0x01 }] },
    });
    const { dict } = read(r.out);
    expect(value(dict, '00290010')).toBe('SAFE CREATOR');
    expect(value(dict, '00291001')).toBe('kept value');
    for (const tag of ['00291002', '00310010', '00311001', '50000010', '60000010', '60000022', '60003000'])
      expect(dict[tag]).toBeUndefined();
    expect(dcmdump(r.out).status).toBe(0);
  });
});
