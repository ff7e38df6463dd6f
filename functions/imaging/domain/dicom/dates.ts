/**
 * Date shifting for "Retain Longitudinal Temporal Information with Modified Dates" (PS3.15 E.3.6):
 * every date of a patient moves by the same whole number of days, so intervals are kept exactly and
 * times of day need no change. Handles DA, DT and ranges ("A-B", "-B", "A-"), multi-values and the
 * partial values DT allows (YYYY, YYYYMM); values that are not dates come back as undefined.
 */
const DAY_MS = 86_400_000;

function shiftDate(yyyymmdd: string, days: number): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd);
  if (!m) return undefined;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(t);
  // Reject impossible dates (20230231) instead of letting Date roll them over.
  if (
    d.getUTCFullYear() !== Number(m[1]) ||
    d.getUTCMonth() !== Number(m[2]) - 1 ||
    d.getUTCDate() !== Number(m[3])
  ) {
    return undefined;
  }
  const s = new Date(t + days * DAY_MS);
  return `${String(s.getUTCFullYear()).padStart(4, '0')}${String(s.getUTCMonth() + 1).padStart(2, '0')}${String(s.getUTCDate()).padStart(2, '0')}`;
}

/** Shifts a partial or full date prefix, keeping the precision it had. */
function shiftPrefix(prefix: string, days: number): string | undefined {
  if (prefix.length === 8) return shiftDate(prefix, days);
  // A year or year-month stands for its first day; the shifted value keeps the same precision.
  if (prefix.length === 6) return shiftDate(`${prefix}01`, days)?.slice(0, 6);
  if (prefix.length === 4) return shiftDate(`${prefix}0101`, days)?.slice(0, 4);
  // ACR-NEMA style "YYYY.MM.DD".
  const old = /^(\d{4})\.(\d{2})\.(\d{2})$/.exec(prefix);
  if (old) return shiftDate(`${old[1]}${old[2]}${old[3]}`, days);
  return undefined;
}

function shiftOne(value: string, vr: 'DA' | 'DT', days: number): string | undefined {
  if (value === '') return '';
  if (vr === 'DA') return shiftPrefix(value, days);
  const m = /^(\d{4}(?:\d{2}(?:\d{2})?)?)(.*)$/.exec(value);
  if (!m) return undefined;
  const date = shiftPrefix(m[1] as string, days);
  return date === undefined ? undefined : date + (m[2] as string);
}

/** Shifts every date in a DA or DT value (multi-valued, ranges); undefined if any part is not a date. */
export function shiftDateValue(value: string, vr: 'DA' | 'DT', days: number): string | undefined {
  const out: string[] = [];
  for (const part of value.split('\\')) {
    const range = part.split('-');
    // DT values may carry a UTC offset ("-0500"): only DA ranges are split on '-' blindly.
    if (vr === 'DA' && range.length === 2) {
      const [a, b] = range as [string, string];
      const sa = shiftOne(a.trim(), vr, days);
      const sb = shiftOne(b.trim(), vr, days);
      if (sa === undefined || sb === undefined) return undefined;
      out.push(`${sa}-${sb}`);
      continue;
    }
    if (vr === 'DT' && /^\d{4,}[^-]*-\d{4,}/.test(part) && !/[+-]\d{4}$/.test(part)) {
      const [a, b] = part.split('-', 2) as [string, string];
      const sa = shiftOne(a, vr, days);
      const sb = shiftOne(b, vr, days);
      if (sa === undefined || sb === undefined) return undefined;
      out.push(`${sa}-${sb}`);
      continue;
    }
    const s = shiftOne(part.trim(), vr, days);
    if (s === undefined) return undefined;
    out.push(s);
  }
  return out.join('\\');
}

/** YYYYMMDD → YYYY-MM-DD for the catalogue; undefined for anything else. */
export const isoDate = (da: string | undefined) => {
  const m = da ? /^(\d{4})(\d{2})(\d{2})/.exec(da) : null;
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
};
