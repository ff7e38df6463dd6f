/**
 * What every DICOMweb read shares: the caller's readable part of the index (one grant check, `narrow`
 * per granted dataset), the resources under a path, and DICOM JSON answers.
 */
import type { Request } from '@google-cloud/functions-framework';
import type { Principal } from '../../platform/auth.ts';
import type { HttpResult } from '../../platform/http/http-handler.ts';
import type { DicomwebInstance } from '../domain/dicomweb/instance-index.ts';
import type { QidoSearch } from '../domain/dicomweb/qido-query.ts';
import { narrow } from '../domain/image-access.ts';
import { type IndexSearch, scanIndex } from './dicomweb-index.repository.ts';
import { accessFor } from './image-access.ts';

/** The searches that cover exactly what the principal may read of a QIDO search. */
export async function readableSearches(
  principal: Principal,
  match: QidoSearch['match'],
  studyDate?: QidoSearch['studyDate'],
): Promise<IndexSearch[]> {
  const access = await accessFor(principal);
  return narrow(access, {}).map((a) => ({ match, ...(studyDate ? { studyDate } : {}), access: a }));
}

/** The UIDs of a WADO-RS path. */
export interface Scope {
  study: string;
  series?: string;
  instance?: string;
}

/** The readable instances under a path, in study/series/instance order; empty reads as 404. */
export async function readableInstances(principal: Principal, scope: Scope): Promise<DicomwebInstance[]> {
  const match: QidoSearch['match'] = {
    study: [scope.study],
    ...(scope.series ? { series: [scope.series] } : {}),
    ...(scope.instance ? { sop: [scope.instance] } : {}),
  };
  return scanIndex(await readableSearches(principal, match));
}

/** `https://host/dicomweb`, as the client reached us (RetrieveURL). */
export function baseUrl(req: Request): string {
  const proto = req.header('x-forwarded-proto')?.split(',')[0]?.trim() || req.protocol || 'http';
  const host = req.header('x-forwarded-host')?.split(',')[0]?.trim() || req.header('host') || 'localhost';
  return `${proto}://${host}/dicomweb`;
}

/** A `Warning: 299` header per warning (RFC 7234 §5.5, as PS3.18 §8.4.2 uses it). */
export const warningHeader = (warnings: readonly string[]): Record<string, string> =>
  warnings.length === 0
    ? {}
    : { Warning: warnings.map((w) => `299 saludtech "${w.replace(/["\\]/g, '')}"`).join(', ') };

/** A DICOM JSON answer. */
export const dicomJson = (body: unknown, headers: Record<string, string> = {}): HttpResult => ({
  status: 200,
  headers: { 'Content-Type': 'application/dicom+json', ...headers },
  body: Buffer.from(JSON.stringify(body), 'utf8'),
});
