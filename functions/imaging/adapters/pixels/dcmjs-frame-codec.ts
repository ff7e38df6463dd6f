/**
 * The frame codec port on dcmjs-codecs (WebAssembly builds of CharLS, OpenJPEG, libjpeg-turbo and
 * IJG's lossless JPEG, and DCMTK's RLE): decodes RLE, JPEG baseline/extended/lossless, JPEG-LS and
 * JPEG 2000 frames, and re-encodes the lossless syntaxes losslessly. Initialized once per instance.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Codecs from 'dcmjs-codecs';
import type { PixelModule } from '../../domain/pixels/pixel-module.ts';
import type { DecodedFrames, FrameCodec } from '../../domain/pixels/pixel-ports.ts';

const require = createRequire(import.meta.url);
// A UMD bundle: Node's ESM loader sees no named exports in it.
const { Context, NativeCodecs } = require('dcmjs-codecs') as typeof Codecs;
type CodecContext = Codecs.Context;

type Step = (c: CodecContext, m: PixelModule) => CodecContext;
interface SyntaxCodec {
  decode: Step;
  /** Absent for the lossy syntaxes: redacted frames are written natively instead. */
  encode?: Step;
}

/**
 * Colour JPEG in YBR decodes to RGB, as viewers show it; a file that says RGB was compressed without
 * the colour transform and must not be converted (libjpeg would take it for YCbCr).
 */
const decodeLossyJpeg: Step = (c, m) =>
  NativeCodecs.decodeJpeg(c, { convertColorspaceToRgb: m.photometric !== 'RGB' });

/** JPEG's lossless process 14, selection value 1 (the .70 syntax requires predictor 1). */
const LOSSLESS_JPEG = { lossy: false, predictor: 1, pointTransform: 0 };

const CODECS: Record<string, SyntaxCodec> = {
  '1.2.840.10008.1.2.5': {
    decode: (c) => NativeCodecs.decodeRle(c),
    encode: (c) => NativeCodecs.encodeRle(c),
  },
  '1.2.840.10008.1.2.4.50': { decode: decodeLossyJpeg },
  '1.2.840.10008.1.2.4.51': { decode: decodeLossyJpeg },
  '1.2.840.10008.1.2.4.57': {
    decode: (c) => NativeCodecs.decodeJpeg(c),
    encode: (c) => NativeCodecs.encodeJpeg(c, LOSSLESS_JPEG),
  },
  '1.2.840.10008.1.2.4.70': {
    decode: (c) => NativeCodecs.decodeJpeg(c),
    encode: (c) => NativeCodecs.encodeJpeg(c, LOSSLESS_JPEG),
  },
  '1.2.840.10008.1.2.4.80': {
    decode: (c) => NativeCodecs.decodeJpegLs(c),
    encode: (c) => NativeCodecs.encodeJpegLs(c, { lossy: false }),
  },
  '1.2.840.10008.1.2.4.81': { decode: (c) => NativeCodecs.decodeJpegLs(c) },
  '1.2.840.10008.1.2.4.90': {
    decode: (c) => NativeCodecs.decodeJpeg2000(c),
    encode: (c) => NativeCodecs.encodeJpeg2000(c, { lossy: false }),
  },
  '1.2.840.10008.1.2.4.91': { decode: (c) => NativeCodecs.decodeJpeg2000(c) },
};

const DECODES_TO_RGB = new Set([
  '1.2.840.10008.1.2.4.50',
  '1.2.840.10008.1.2.4.51',
  '1.2.840.10008.1.2.4.90',
  '1.2.840.10008.1.2.4.91',
]);

let ready: Promise<void> | undefined;

/** Loads the WebAssembly module once (its path inside the package: nothing is fetched). */
function initialized(): Promise<void> {
  ready ??= NativeCodecs.initializeAsync({
    webAssemblyModulePathOrUrl: join(dirname(require.resolve('dcmjs-codecs')), 'dcmjs-native-codecs.wasm'),
  });
  ready.catch(() => {
    ready = undefined;
  });
  return ready;
}

const contextOf = (m: PixelModule) =>
  new Context({
    width: m.columns,
    height: m.rows,
    bitsAllocated: m.bitsAllocated,
    bitsStored: m.bitsStored,
    samplesPerPixel: m.samplesPerPixel,
    pixelRepresentation: m.pixelRepresentation,
    planarConfiguration: m.planarConfiguration,
    photometricInterpretation: m.photometric,
  });

/** The bytes of a codec's output, copied out of the WebAssembly heap's view. */
const copied = (b: Uint8Array | undefined, what: string): Buffer => {
  if (!b || b.length === 0) throw new Error(`the codec produced no ${what}`);
  return Buffer.from(b);
};

export const dcmjsFrameCodec: FrameCodec = {
  decodes: (transferSyntaxUid) => transferSyntaxUid in CODECS,

  async decode(transferSyntaxUid, frames, m): Promise<DecodedFrames> {
    const codec = CODECS[transferSyntaxUid];
    if (!codec) throw new Error(`no decoder for ${transferSyntaxUid}`);
    await initialized();
    let module = m;
    const out = frames.map((frame) => {
      const c = contextOf(m);
      c.setEncodedBuffer(frame);
      const done = codec.decode(c, m);
      module = {
        ...m,
        photometric: done.getPhotometricInterpretation() ?? m.photometric,
        planarConfiguration: done.getPlanarConfiguration() ?? m.planarConfiguration,
      };
      return copied(done.getDecodedBuffer(), 'decoded frame');
    });
    // Colour JPEG comes out as interleaved RGB whatever the input said; JPEG 2000's YBR_RCT/YBR_ICT
    // are the codestream's own colour transform, undone by the decoder.
    if (m.samplesPerPixel === 3 && DECODES_TO_RGB.has(transferSyntaxUid))
      module = { ...module, photometric: 'RGB', planarConfiguration: 0 };
    return { frames: out, module };
  },

  async encode(transferSyntaxUid, frames, m): Promise<Buffer[] | undefined> {
    const encode = CODECS[transferSyntaxUid]?.encode;
    if (!encode) return undefined;
    await initialized();
    return frames.map((frame) => {
      const c = contextOf(m);
      c.setDecodedBuffer(frame);
      return copied(encode(c, m).getEncodedBuffer(), 'encoded frame');
    });
  },
};
