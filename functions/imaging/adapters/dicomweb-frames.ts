/**
 * WADO-RS frames (PS3.18 §10.4.1.1.4) and rendered images (§10.4.1.1.3): one instance's frames as
 * `multipart/related`, native or as stored; its frame as a JPEG or PNG thumbnail (@napi-rs/canvas).
 */
import { createCanvas, ImageData } from '@napi-rs/canvas';
import type { HttpContext, HttpResult } from '../../platform/http/http-handler.ts';
import { type Problem, problem } from '../../platform/http/problem.ts';
import { firstNumber } from '../domain/dicomweb/dicom-json.ts';
import { parseFrameList } from '../domain/dicomweb/frames.ts';
import { framePlan, parseAccept, renderedType } from '../domain/dicomweb/media-types.ts';
import { MultipartWriter } from '../domain/dicomweb/multipart-writer.ts';
import { fitted, parseRenderedQuery, renderFrame } from '../domain/dicomweb/render.ts';
import {
  canDecode,
  type InstancePixels,
  instancePixels,
  nativeFrame,
  streamFrame,
} from './dicomweb-pixels.ts';
import { notAcceptable } from './dicomweb-qido.ts';
import { readableInstances, type Scope } from './dicomweb-reads.ts';

type Params = Required<Scope>;

/** The readable instance of the path with its pixels, or the problem to answer. */
async function pixelsOf(ctx: HttpContext<unknown, unknown, Params>): Promise<InstancePixels | Problem> {
  const [instance] = await readableInstances(ctx.principal, ctx.params);
  if (!instance) return problem(404, 'not-found', 'no such instance');
  const pixels = await instancePixels(instance);
  if (typeof pixels === 'string') {
    ctx.log.warn('instance pixels not served', { imageId: instance.imageId, why: pixels });
    return problem(404, 'not-found', `no frames to serve: ${pixels}`);
  }
  return pixels;
}

const isProblemResult = (x: unknown): x is Problem => typeof x === 'object' && x !== null && 'type' in x;

/** Retrieves frames `frames` (a comma list) of an instance. */
export async function retrieveFrames(
  ctx: HttpContext<unknown, unknown, Params & { frames: string }>,
): Promise<HttpResult | Problem> {
  const p = await pixelsOf(ctx);
  if (isProblemResult(p)) return p;
  const list = parseFrameList(ctx.params.frames, p.module.frames);
  if (typeof list === 'string')
    return problem(400, 'validation', 'invalid frame list', [{ field: 'path.frames', message: list }]);
  const plan = framePlan(parseAccept(ctx.req.header('accept')), p.transferSyntaxUid, canDecode(p));
  if (!plan)
    return notAcceptable(
      `frames are stored in ${p.transferSyntaxUid}: ask for application/octet-stream or the stored media type (transfer-syntax=*)`,
    );
  // The first frame is decoded before the answer starts: a syntax that does not decode is a 406, not a
  // cut body. The others are decoded one at a time as they are sent (one frame in memory).
  const decode = async (n: number) => {
    const f = await nativeFrame(p, n);
    if (typeof f === 'string') throw new Error(f);
    return f.frame;
  };
  let first: Buffer | undefined;
  if (plan.decode) {
    const f = await nativeFrame(p, list[0] as number);
    if (typeof f === 'string') return notAcceptable(`${f}: ask for transfer-syntax=* to get it as stored`);
    first = f.frame;
  }
  const writer = new MultipartWriter();
  const partType = `${plan.mediaType}; transfer-syntax=${plan.transferSyntaxUid}`;
  return {
    status: 200,
    headers: { 'Content-Type': writer.contentType(plan.mediaType) },
    async stream(res) {
      for (const [k, n] of list.entries()) {
        res.write(writer.partHeader({ 'Content-Type': partType }));
        if (!plan.decode) await streamFrame(p, n, res);
        else if (!res.write(k === 0 && first ? first : await decode(n)))
          await new Promise((done) => {
            res.once('drain', done);
            res.once('close', done);
          });
      }
      res.end(writer.end());
    },
  };
}

/** Renders frame `frame` (1 for the instance) as JPEG or PNG, windowed and fitted to the viewport. */
export async function renderDicomweb(
  ctx: HttpContext<unknown, Record<string, unknown>, Params & { frame?: string }>,
): Promise<HttpResult | Problem> {
  const type = renderedType(parseAccept(ctx.req.header('accept')));
  if (!type) return notAcceptable('rendered images are sent as image/jpeg or image/png');
  const q = parseRenderedQuery(ctx.query ?? {});
  if ('field' in q) return problem(400, 'validation', 'invalid query', [q]);
  const p = await pixelsOf(ctx);
  if (isProblemResult(p)) return p;
  return renderedFrame(p, ctx.params.frame ?? '1', q, type);
}

/** Frame `frame` of the pixels as JPEG or PNG, windowed as the instance says (or `q`) and fitted. */
export async function renderedFrame(
  p: InstancePixels,
  frame: string,
  q: Exclude<ReturnType<typeof parseRenderedQuery>, { field: string }>,
  type: 'image/jpeg' | 'image/png',
): Promise<HttpResult | Problem> {
  const list = parseFrameList(frame, p.module.frames);
  if (typeof list === 'string' || list.length !== 1)
    return problem(400, 'validation', 'invalid frame', [
      { field: 'path.frame', message: typeof list === 'string' ? list : 'one frame number' },
    ]);
  const f = await nativeFrame(p, list[0] as number);
  if (typeof f === 'string') return notAcceptable(`this frame cannot be rendered: ${f}`);
  const center = firstNumber(p.json, '00281050');
  const width = firstNumber(p.json, '00281051');
  const rgba = renderFrame(f.frame, f.module, p.littleEndian, {
    ...(q.window ? { window: q.window } : center !== undefined && width ? { window: { center, width } } : {}),
    rescale: { slope: firstNumber(p.json, '00281053') ?? 1, intercept: firstNumber(p.json, '00281052') ?? 0 },
  });
  if (!rgba) return notAcceptable(`pixels with ${f.module.bitsAllocated} bits allocated cannot be rendered`);
  const source = createCanvas(rgba.width, rgba.height);
  source.getContext('2d').putImageData(new ImageData(rgba.data, rgba.width, rgba.height), 0, 0);
  const size = fitted(rgba.width, rgba.height, q.viewport);
  const target =
    size.width === rgba.width && size.height === rgba.height ? source : createCanvas(size.width, size.height);
  if (target !== source) target.getContext('2d').drawImage(source, 0, 0, size.width, size.height);
  const body =
    type === 'image/png' ? await target.encode('png') : await target.encode('jpeg', q.quality ?? 85);
  return { status: 200, headers: { 'Content-Type': type }, body };
}
