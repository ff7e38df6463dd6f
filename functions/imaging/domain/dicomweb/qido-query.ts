/**
 * QIDO-RS query parameters (PS3.18 §8.3.4, §10.6.1): matching keys by keyword or tag, `limit`, `offset`,
 * `includefield` and `fuzzymatching`, read into one search. Only the keys the index serves are accepted;
 * any other key is refused (400) rather than ignored, so no answer is wider than it claims to be.
 */
import type { FieldError } from '../../../platform/http/problem.ts';
import { tagOf } from './dicom-json.ts';

export type QidoLevel = 'studies' | 'series' | 'instances';

/** Index fields a key matches on. */
export type MatchField = 'patientId' | 'dicomModality' | 'bodyPart' | 'study' | 'series' | 'sop' | 'sopClass';

interface KeySpec {
  keyword: string;
  tag: string;
  field: MatchField | 'studyDate';
  levels: readonly QidoLevel[];
  /** UID keys take a list (comma or backslash separated). */
  uid?: boolean;
}

const ALL: readonly QidoLevel[] = ['studies', 'series', 'instances'];
export const MATCH_KEYS: readonly KeySpec[] = [
  { keyword: 'PatientID', tag: '00100020', field: 'patientId', levels: ALL },
  { keyword: 'StudyDate', tag: '00080020', field: 'studyDate', levels: ALL },
  { keyword: 'Modality', tag: '00080060', field: 'dicomModality', levels: ALL },
  { keyword: 'ModalitiesInStudy', tag: '00080061', field: 'dicomModality', levels: ['studies'] },
  { keyword: 'BodyPartExamined', tag: '00180015', field: 'bodyPart', levels: ALL },
  { keyword: 'StudyInstanceUID', tag: '0020000D', field: 'study', levels: ALL, uid: true },
  {
    keyword: 'SeriesInstanceUID',
    tag: '0020000E',
    field: 'series',
    levels: ['series', 'instances'],
    uid: true,
  },
  { keyword: 'SOPInstanceUID', tag: '00080018', field: 'sop', levels: ['instances'], uid: true },
  { keyword: 'SOPClassUID', tag: '00080016', field: 'sopClass', levels: ['instances'], uid: true },
];
const CONTROL = ['limit', 'offset', 'includefield', 'fuzzymatching'] as const;

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
export const MAX_OFFSET = 100_000;
/** Firestore `in` takes at most 30 values. */
const MAX_UIDS = 30;

export interface QidoSearch {
  match: Partial<Record<MatchField, string[]>>;
  /** Inclusive `YYYYMMDD` bounds. */
  studyDate?: { from?: string; to?: string };
  limit: number;
  offset: number;
  /** `all`, or tags to add to the level's default attributes. */
  include: 'all' | string[];
}

export type Parsed =
  | { ok: true; search: QidoSearch; warnings: string[] }
  | { ok: false; errors: FieldError[] };

const isDate = (d: string) => {
  if (!/^\d{8}$/.test(d)) return false;
  const [y, m, day] = [Number(d.slice(0, 4)), Number(d.slice(4, 6)), Number(d.slice(6))];
  const t = new Date(Date.UTC(y, m - 1, day));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === day;
};

/** `YYYYMMDD`, `a-b`, `-b` or `a-` (PS3.4 C.2.2.2.5 range matching). */
export function parseDateRange(v: string): { from?: string; to?: string } | undefined {
  const m = /^(\d{8})?(-)?(\d{8})?$/.exec(v);
  if (!m || (!m[1] && !m[3])) return undefined;
  const [, a, dash, b] = m;
  if ((a && !isDate(a)) || (b && !isDate(b))) return undefined;
  if (!dash) return a && !b ? { from: a, to: a } : undefined;
  if (a && b && a > b) return undefined;
  return { ...(a ? { from: a } : {}), ...(b ? { to: b } : {}) };
}

const specOf = (key: string) => {
  const tag = tagOf(key);
  return MATCH_KEYS.find((k) => k.keyword === key || k.tag === tag);
};

const asList = (v: unknown): string[] =>
  (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');

/** Reads a QIDO query at a level; path UIDs are added by the caller. */
export function parseQido(level: QidoLevel, raw: Record<string, unknown>): Parsed {
  const errors: FieldError[] = [];
  const warnings: string[] = [];
  const fail = (key: string, message: string) => errors.push({ field: `query.${key}`, message });
  const search: QidoSearch = { match: {}, limit: DEFAULT_LIMIT, offset: 0, include: [] };
  for (const [key, value] of Object.entries(raw)) {
    const values = asList(value);
    if ((CONTROL as readonly string[]).includes(key)) {
      if (key === 'includefield') {
        const names = values
          .flatMap((v) => v.split(','))
          .map((s) => s.trim())
          .filter(Boolean);
        if (names.includes('all')) search.include = 'all';
        else if (search.include !== 'all')
          for (const n of names) {
            const tag = tagOf(n);
            if (tag) search.include.push(tag);
            else fail(key, `"${n.slice(0, 64)}" is not a DICOM keyword or tag`);
          }
        continue;
      }
      if (values.length !== 1) {
        fail(key, 'give it once');
        continue;
      }
      const v = values[0] as string;
      if (key === 'fuzzymatching') {
        if (v === 'true')
          warnings.push('fuzzymatching is not supported: only literal matching was performed');
        else if (v !== 'false') fail(key, 'true or false');
        continue;
      }
      if (!/^\d{1,7}$/.test(v)) {
        fail(key, 'a non-negative integer');
        continue;
      }
      const n = Number(v);
      if (key === 'limit') {
        if (n < 1) fail(key, 'at least 1');
        else if (n > MAX_LIMIT) {
          search.limit = MAX_LIMIT;
          warnings.push(`limit reduced to ${MAX_LIMIT}: there may be more matches`);
        } else search.limit = n;
      } else if (n > MAX_OFFSET) fail(key, `at most ${MAX_OFFSET}`);
      else search.offset = n;
      continue;
    }
    const spec = specOf(key);
    if (!spec) {
      fail(key, tagOf(key) ? 'not a supported matching key' : 'not a DICOM keyword, tag or QIDO parameter');
      continue;
    }
    if (!spec.levels.includes(level)) {
      fail(key, `not a matching key at the ${level} level`);
      continue;
    }
    if (values.length !== 1) {
      fail(key, 'give it once');
      continue;
    }
    const v = (values[0] as string).trim();
    if (v === '' || v === '*') continue; // universal matching
    if (spec.field === 'studyDate') {
      const range = parseDateRange(v);
      if (range) search.studyDate = range;
      else fail(key, 'a date YYYYMMDD or a range YYYYMMDD-YYYYMMDD');
      continue;
    }
    if (/[*?]/.test(v)) {
      fail(key, 'wildcard matching is not supported: give the exact value');
      continue;
    }
    const list = spec.uid ? v.split(/[,\\]/).map((s) => s.trim()) : [v];
    if (spec.uid && list.some((u) => !/^[0-9]+(\.[0-9]+)*$/.test(u) || u.length > 64)) {
      fail(key, 'a UID or a list of UIDs');
      continue;
    }
    if (list.length > MAX_UIDS) {
      fail(key, `at most ${MAX_UIDS} UIDs`);
      continue;
    }
    const field = spec.field;
    const prior = search.match[field];
    // Two keys on one field (Modality and ModalitiesInStudy): both must hold.
    search.match[field] = prior ? prior.filter((p) => list.includes(p)) : list;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, search, warnings };
}
