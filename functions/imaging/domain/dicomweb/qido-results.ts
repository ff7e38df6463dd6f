/**
 * QIDO-RS answers from index entries: entries grouped into studies, series or instances in scan order,
 * the page cut by `offset`/`limit`, each result the level's attributes plus the computed ones (counts,
 * ModalitiesInStudy, RetrieveURL). Counts are of the instances that matched and that the caller may read.
 */
import type { DicomJson } from './dicom-json.ts';
import type { DicomwebInstance } from './instance-index.ts';
import type { QidoLevel, QidoSearch } from './qido-query.ts';

export type Entry = Pick<DicomwebInstance, 'study' | 'series' | 'sop' | 'dicomModality' | 'attrs'>;

/** The key an entry is grouped under at a level. */
export const groupKey = (level: QidoLevel, e: Pick<Entry, 'study' | 'series' | 'sop'>) =>
  level === 'studies'
    ? e.study
    : level === 'series'
      ? `${e.study}|${e.series}`
      : `${e.study}|${e.series}|${e.sop}`;

/** Entries grouped by level key, in first-seen order. */
export function groupEntries<E extends Entry>(level: QidoLevel, entries: readonly E[]): E[][] {
  const groups = new Map<string, E[]>();
  for (const e of entries) {
    const k = groupKey(level, e);
    const g = groups.get(k);
    if (g) g.push(e);
    else groups.set(k, [e]);
  }
  return [...groups.values()];
}

/** True once `entries` (in scan order) hold more than `need` groups: the first `need` are complete. */
export function hasGroups(level: QidoLevel, entries: readonly Entry[], need: number): boolean {
  const seen = new Set<string>();
  for (const e of entries) {
    seen.add(groupKey(level, e));
    if (seen.size > need) return true;
  }
  return false;
}

const text = (vr: string, ...values: (string | number)[]): DicomJson[string] => ({ vr, Value: values });

/** What a result is computed against: the scope of the request and where its resources live. */
export interface ResultContext {
  level: QidoLevel;
  /** The request was scoped to a study (`/studies/{study}/…`) or a series. */
  scoped: 'none' | 'study' | 'series';
  include: QidoSearch['include'];
  /** `https://host/dicomweb`, for RetrieveURL. */
  baseUrl: string;
}

function extra(source: DicomJson, include: QidoSearch['include']): DicomJson {
  if (include === 'all') return source;
  const out: DicomJson = {};
  for (const t of include) if (source[t]) out[t] = source[t] as DicomJson[string];
  return out;
}

const sorted = (json: DicomJson): DicomJson =>
  Object.fromEntries(Object.entries(json).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** One result of a level from the entries of its group. */
export function resultOf(group: readonly Entry[], c: ResultContext): DicomJson {
  const first = group[0] as Entry;
  const studyUrl = `${c.baseUrl}/studies/${first.study}`;
  const seriesUrl = `${studyUrl}/series/${first.series}`;
  const online = { '00080056': text('CS', 'ONLINE') };
  if (c.level === 'studies') {
    const modalities = [...new Set(group.map((e) => e.dicomModality).filter(Boolean))].sort();
    return sorted({
      ...first.attrs.study,
      ...online,
      ...(modalities.length > 0 ? { '00080061': text('CS', ...modalities) } : {}),
      '00081190': text('UR', studyUrl),
      '00201206': text('IS', new Set(group.map((e) => e.series)).size),
      '00201208': text('IS', group.length),
    });
  }
  if (c.level === 'series') {
    return sorted({
      ...(c.scoped === 'none' ? first.attrs.study : extra(first.attrs.study, c.include)),
      '0020000D': first.attrs.study['0020000D'] ?? text('UI', first.study),
      ...first.attrs.series,
      ...online,
      '00081190': text('UR', seriesUrl),
      '00201209': text('IS', group.length),
    });
  }
  const higher = { ...first.attrs.study, ...first.attrs.series };
  return sorted({
    ...(c.scoped === 'none'
      ? higher
      : c.scoped === 'study'
        ? { ...extra(first.attrs.study, c.include), ...first.attrs.series }
        : extra(higher, c.include)),
    '0020000D': text('UI', first.study),
    '0020000E': text('UI', first.series),
    ...first.attrs.instance,
    ...online,
    '00081190': text('UR', `${seriesUrl}/instances/${first.sop}`),
  });
}

/** The page of results: groups after `offset`, at most `limit`. */
export function qidoPage(
  entries: readonly Entry[],
  search: Pick<QidoSearch, 'offset' | 'limit'>,
  c: ResultContext,
) {
  return groupEntries(c.level, entries)
    .slice(search.offset, search.offset + search.limit)
    .map((g) => resultOf(g, c));
}
