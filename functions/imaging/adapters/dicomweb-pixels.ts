/**
 * The pixel data of a stored instance, frame by frame: where each frame lies (offset tables, or a scan of
 * the fragments), frames streamed as stored, and frames read whole and decoded to native pixels with the
 * pixel-cleaning codecs (dcmjs-codecs) for `application/octet-stream` and rendering.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from '@google-cloud/functions-framework';
import { type DicomJson, toDicomJson } from '../domain/dicomweb/dicom-json.ts';
import {
  type ByteRange,
  encapsulatedFrameRange,
  extendedOffsets,
  fragmentBytes,
  fragmentRanges,
  nativeFrameBytes,
  nativeFrameRange,
  pixelModuleOfJson,
} from '../domain/dicomweb/frames.ts';
import type { DicomwebInstance } from '../domain/dicomweb/instance-index.ts';
import type { PixelLocation } from '../domain/dicomweb/instance-layout.ts';
import { isNative } from '../domain/dicomweb/media-types.ts';
import type { PixelModule } from '../domain/pixels/pixel-module.ts';
import { type InstanceBucket, rangeStream, readRange, storedHeader } from './dicomweb-objects.ts';
import { dcmjsFrameCodec } from './pixels/dcmjs-frame-codec.ts';

/** Largest frame read whole into memory (to decode or render). */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

export interface InstancePixels {
  instance: Pick<DicomwebInstance, 'object' | 'bytes'>;
  /** Where the object is: the anonymized bucket, or quarantine for a held original under review. */
  from: InstanceBucket;
  json: DicomJson;
  module: PixelModule;
  transferSyntaxUid: string;
  littleEndian: boolean;
  native: boolean;
  pixel: PixelLocation;
  /** The byte range of frame `n` (one-based): native bytes, or the items of its fragments. */
  range(n: number): ByteRange;
}

/** Opens the pixels of an instance, or says why it has none to serve. */
export async function instancePixels(
  i: Pick<DicomwebInstance, 'object' | 'bytes'>,
  from: InstanceBucket = 'anonymized',
): Promise<InstancePixels | string> {
  const header = await storedHeader(i.object, from);
  if (typeof header === 'string') return `the stored instance cannot be read (${header})`;
  const { layout, dict } = header;
  const pixel = layout.pixel;
  if (pixel?.tag !== 0x7fe00010) return 'the instance has no Pixel Data';
  const json = toDicomJson(dict);
  const module = pixelModuleOfJson(json);
  if (typeof module === 'string') return module;
  const native = isNative(layout.transferSyntaxUid);
  const base = {
    instance: i,
    from,
    json,
    module,
    transferSyntaxUid: layout.transferSyntaxUid,
    littleEndian: layout.littleEndian,
    native,
    pixel,
  };
  if (native) {
    const frameBytes = nativeFrameBytes(module, module.frames);
    if (frameBytes === undefined) return 'frames of 1-bit pixels are not byte-aligned: not served';
    if (pixel.length !== undefined && pixel.length < frameBytes * module.frames)
      return 'the Pixel Data is shorter than its frames';
    return { ...base, range: (n) => nativeFrameRange(pixel, frameBytes, n) };
  }
  const eot = dict['7FE00001']?.Value;
  const extended = extendedOffsets(
    Array.isArray(eot) && eot[0] instanceof ArrayBuffer ? Buffer.from(eot[0]) : undefined,
  );
  const direct = (n: number) => encapsulatedFrameRange(pixel, module.frames, n, i.bytes, extended);
  if (direct(1) !== undefined) return { ...base, range: (n) => direct(n) as ByteRange };
  // No usable offset table: one fragment per frame (PS3.5 A.4), found by scanning the item headers once.
  const first = pixel.firstFragment as number;
  const ranges = await fragmentRanges(rangeStream(i.object, first, i.bytes, from), first);
  if (ranges.length !== module.frames)
    return `${ranges.length} fragments for ${module.frames} frames and no offset table: frames cannot be told apart`;
  return { ...base, range: (n) => ranges[n - 1] as ByteRange };
}

/** Streams frame `n` as stored (native bytes, or the payloads of its fragments) into the response. */
export async function streamFrame(p: InstancePixels, n: number, res: Response): Promise<void> {
  const { start, end } = p.range(n);
  const source = rangeStream(p.instance.object, start, end, p.from);
  if (p.native) await pipeline(source, res, { end: false });
  else await pipeline(Readable.from(fragmentBytes(source)), res, { end: false });
}

/** Frame `n` whole, as stored; undefined when larger than MAX_FRAME_BYTES. */
export async function storedFrame(p: InstancePixels, n: number): Promise<Buffer | undefined> {
  const { start, end } = p.range(n);
  if (end - start > MAX_FRAME_BYTES) return undefined;
  if (p.native) return readRange(p.instance.object, start, end, p.from);
  const parts: Buffer[] = [];
  for await (const b of fragmentBytes(rangeStream(p.instance.object, start, end, p.from)))
    parts.push(Buffer.from(b));
  return Buffer.concat(parts);
}

/** Whether compressed frames of this syntax can be decoded. */
export const canDecode = (p: InstancePixels) => p.native || dcmjsFrameCodec.decodes(p.transferSyntaxUid);

/** Frame `n` as native pixels (decoded when stored compressed) and the module they are in. */
export async function nativeFrame(
  p: InstancePixels,
  n: number,
): Promise<{ frame: Buffer; module: PixelModule } | string> {
  const stored = await storedFrame(p, n);
  if (!stored) return `frame ${n} is larger than ${MAX_FRAME_BYTES} bytes`;
  if (p.native) return { frame: stored, module: p.module };
  if (!dcmjsFrameCodec.decodes(p.transferSyntaxUid))
    return `no decoder for transfer syntax ${p.transferSyntaxUid}`;
  try {
    const decoded = await dcmjsFrameCodec.decode(p.transferSyntaxUid, [stored], p.module);
    return { frame: decoded.frames[0] as Buffer, module: decoded.module };
  } catch {
    return `frame ${n} does not decode`;
  }
}
