/** QIDO-RS (PS3.18 §10.6): searches for studies, series or instances within the caller's grant. */
import type { HttpContext, HttpResult } from '../../platform/http/http-handler.ts';
import { type Problem, problem } from '../../platform/http/problem.ts';
import { acceptsDicomJson, parseAccept } from '../domain/dicomweb/media-types.ts';
import { parseQido, type QidoLevel } from '../domain/dicomweb/qido-query.ts';
import { hasGroups, qidoPage } from '../domain/dicomweb/qido-results.ts';
import { scanIndex } from './dicomweb-index.repository.ts';
import { baseUrl, dicomJson, readableSearches, warningHeader } from './dicomweb-reads.ts';

export const notAcceptable = (what: string): Problem => problem(406, 'not-acceptable', what);

/** Answers a QIDO search at `level`, inside the study or series of the path when there is one. */
export async function searchDicomweb(
  ctx: HttpContext<unknown, Record<string, unknown>, { study?: string; series?: string } | undefined>,
  level: QidoLevel,
): Promise<HttpResult | Problem> {
  if (!acceptsDicomJson(parseAccept(ctx.req.header('accept'))))
    return notAcceptable('search results are sent as application/dicom+json');
  const parsed = parseQido(level, ctx.query ?? {});
  if (!parsed.ok) return problem(400, 'validation', 'invalid query', parsed.errors);
  const { search, warnings } = parsed;
  const { study, series } = ctx.params ?? {};
  const within = (field: 'study' | 'series', uid: string | undefined) => {
    if (!uid) return;
    const asked = search.match[field];
    search.match[field] = asked ? asked.filter((u) => u === uid) : [uid];
  };
  within('study', study);
  within('series', series);
  if (Object.values(search.match).some((v) => v?.length === 0)) return { status: 204 };
  const searches = await readableSearches(ctx.principal, search.match, search.studyDate);
  const need = search.offset + search.limit;
  const entries = await scanIndex(searches, (e) => hasGroups(level, e, need));
  const results = qidoPage(entries, search, {
    level,
    scoped: series ? 'series' : study ? 'study' : 'none',
    include: search.include,
    baseUrl: baseUrl(ctx.req),
  });
  // PS3.18 §8.3.4.4.1: a search that matches nothing answers 204 No Content.
  if (results.length === 0) return { status: 204, headers: warningHeader(warnings) };
  ctx.log.info('qido search', { level, results: results.length });
  return dicomJson(results, warningHeader(warnings));
}
