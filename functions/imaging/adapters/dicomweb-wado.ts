/**
 * WADO-RS retrieval (PS3.18 §10.4): a study's, series' or instance's DICOM files as `multipart/related`,
 * streamed object by object from the anonymized bucket (one chunk in memory at a time), and their metadata
 * as DICOM JSON read from the same files' headers. Instances go out as stored; another transfer syntax is 406.
 */
import { pipeline } from 'node:stream/promises';
import type { HttpContext, HttpResult } from '../../platform/http/http-handler.ts';
import { type Problem, problem } from '../../platform/http/problem.ts';
import { type DicomJson, toDicomJson } from '../domain/dicomweb/dicom-json.ts';
import type { DicomwebInstance } from '../domain/dicomweb/instance-index.ts';
import {
  acceptsDicomJson,
  instanceSyntaxes,
  parseAccept,
  prefersSinglePart,
  servesAs,
} from '../domain/dicomweb/media-types.ts';
import { MultipartWriter } from '../domain/dicomweb/multipart-writer.ts';
import { objectStream, storedHeader } from './dicomweb-objects.ts';
import { notAcceptable } from './dicomweb-qido.ts';
import { readableInstances, type Scope } from './dicomweb-reads.ts';

type Ctx = HttpContext<unknown, unknown, Scope>;

const notFound = (scope: Scope) =>
  problem(
    404,
    'not-found',
    scope.instance ? 'no such instance' : scope.series ? 'no such series' : 'no such study',
  );

/** Retrieves the instances under the path as `multipart/related; type="application/dicom"`. */
export async function retrieveDicomweb(ctx: Ctx, scope: Scope): Promise<HttpResult | Problem> {
  const accept = parseAccept(ctx.req.header('accept'));
  const wanted = instanceSyntaxes(accept, scope.instance !== undefined);
  if (wanted.length === 0)
    return notAcceptable('instances are sent as multipart/related; type="application/dicom"');
  const instances = await readableInstances(ctx.principal, scope);
  if (instances.length === 0) return notFound(scope);
  const plan: { i: DicomwebInstance; ts: string }[] = [];
  for (const i of instances) {
    const w = wanted.find((s) => servesAs(s, i.transferSyntaxUid));
    if (!w)
      return notAcceptable(
        `an instance is stored in transfer syntax ${i.transferSyntaxUid} and is not transcoded: ask for transfer-syntax=* or that syntax`,
      );
    plan.push({ i, ts: i.transferSyntaxUid });
  }
  ctx.log.info('wado retrieve', { instances: plan.length });
  const only = plan[0];
  if (plan.length === 1 && only && scope.instance && prefersSinglePart(accept)) {
    return {
      status: 200,
      headers: {
        'Content-Type': `application/dicom; transfer-syntax=${only.ts}`,
        'Content-Length': String(only.i.bytes),
      },
      stream: (res) => pipeline(objectStream(only.i.object), res),
    };
  }
  const writer = new MultipartWriter();
  return {
    status: 200,
    headers: { 'Content-Type': writer.contentType('application/dicom') },
    async stream(res) {
      for (const { i, ts } of plan) {
        res.write(
          writer.partHeader({
            'Content-Type': `application/dicom; transfer-syntax=${ts}`,
            'Content-Length': String(i.bytes),
          }),
        );
        await pipeline(objectStream(i.object), res, { end: false });
      }
      res.end(writer.end());
    },
  };
}

/** An instance's metadata: its stored header as DICOM JSON, pixel data left out; the index's copy if unreadable. */
async function metadataOf(i: DicomwebInstance): Promise<DicomJson> {
  const header = await storedHeader(i.object);
  const json =
    typeof header === 'string'
      ? { ...i.attrs.study, ...i.attrs.series, ...i.attrs.instance }
      : toDicomJson(header.dict);
  return { ...json, '00083002': { vr: 'UI', Value: [i.transferSyntaxUid] } };
}

const BATCH = 8;

/** Retrieves the metadata of the instances under the path, as a streamed DICOM JSON array. */
export async function retrieveDicomwebMetadata(ctx: Ctx, scope: Scope): Promise<HttpResult | Problem> {
  if (!acceptsDicomJson(parseAccept(ctx.req.header('accept'))))
    return notAcceptable('metadata is sent as application/dicom+json');
  const instances = await readableInstances(ctx.principal, scope);
  if (instances.length === 0) return notFound(scope);
  return {
    status: 200,
    headers: { 'Content-Type': 'application/dicom+json' },
    async stream(res) {
      res.write('[');
      for (let at = 0; at < instances.length; at += BATCH) {
        const batch = await Promise.all(instances.slice(at, at + BATCH).map(metadataOf));
        res.write((at === 0 ? '' : ',') + batch.map((j) => JSON.stringify(j)).join(','));
      }
      res.end(']');
    },
  };
}
