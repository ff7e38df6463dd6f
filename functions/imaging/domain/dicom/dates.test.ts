import { describe, expect, it } from 'vitest';
import { isoDate, shiftDateValue } from './dates.ts';

describe('date shifting', () => {
  it('shifts DA by whole days across month, year and leap-day boundaries', () => {
    expect(shiftDateValue('20240301', 'DA', -1)).toBe('20240229');
    expect(shiftDateValue('20230101', 'DA', -1)).toBe('20221231');
    expect(shiftDateValue('20240115', 'DA', -3650)).toBe('20140117');
  });

  it('shifts ranges, open ranges and multi-values', () => {
    expect(shiftDateValue('20240110-20240120', 'DA', -10)).toBe('20231231-20240110');
    expect(shiftDateValue('-20240120', 'DA', -1)).toBe('-20240119');
    expect(shiftDateValue('20240110\\20240111', 'DA', -1)).toBe('20240109\\20240110');
  });

  it('shifts the date part of DT, keeping time, fraction and UTC offset; partial values keep their precision', () => {
    expect(shiftDateValue('20240101083000.123456-0500', 'DT', -1)).toBe('20231231083000.123456-0500');
    expect(shiftDateValue('202403', 'DT', -1)).toBe('202402');
    expect(shiftDateValue('2024', 'DT', -1)).toBe('2023');
    expect(shiftDateValue('2024.03.01', 'DA', -1)).toBe('20240229');
  });

  it('refuses what is not a date', () => {
    expect(shiftDateValue('20230231', 'DA', -1)).toBeUndefined();
    expect(shiftDateValue('yesterday', 'DA', -1)).toBeUndefined();
    expect(isoDate('20240115')).toBe('2024-01-15');
  });
});
