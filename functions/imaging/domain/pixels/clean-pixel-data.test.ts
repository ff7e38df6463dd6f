import { describe, expect, it } from 'vitest';
import { TS } from '../dicom/syntax.ts';
import { cleanPixelData, LOSSLESS, maskRegions } from './clean-pixel-data.ts';
import { framesOf } from './encapsulated-frames.ts';
import type { PixelModule } from './pixel-module.ts';
import type { FrameCodec, TextFinder } from './pixel-ports.ts';
import {
  blank,
  blobFinder,
  cleaner,
  encapsulatedValue,
  heldFor,
  moduleDataset,
  moduleOf,
  paint,
  rawCodec,
  str,
  stubbornFinder,
  TEXT,
  withText,
} from './test/fakes.ts';

const RLE = '1.2.840.10008.1.2.5';
const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';
const m = moduleOf(); // 16 × 16, 8-bit MONOCHROME2, background 0
const provenance = (boxes: unknown[], encoding = 'input-syntax', frames = 1) => ({
  examinedFrames: frames,
  frames,
  boxes,
  encoding,
});

/** Cleans a native explicit VR little endian value of a module with the fake OCR. */
const native = (value: Buffer, module: PixelModule = m, finder: TextFinder = blobFinder()) =>
  cleanPixelData(moduleDataset(module), TS.explicitLE, true, value, cleaner(finder));
/** Cleans an encapsulated value of the frames (one fragment each) in a syntax with a codec. */
const compressed = (ts: string, frames: Buffer[][], codec: FrameCodec, module: PixelModule = m) =>
  cleanPixelData(moduleDataset(module), ts, true, encapsulatedValue(frames), cleaner(blobFinder(), codec));

describe('cleanPixelData: native pixel data', () => {
  it('no text: unchanged, the examination recorded', async () => {
    expect(await native(blank(m))).toEqual({
      kind: 'unchanged',
      provenance: provenance([]),
    });
  });

  it('text: replaced by the redacted frames, in the input syntax', async () => {
    const value = withText();
    expect(await native(value)).toEqual({
      kind: 'replaced',
      value: blank(m),
      encapsulated: false,
      transferSyntaxUid: TS.explicitLE,
      module: m,
      provenance: provenance([TEXT]),
    });
    expect(value).toEqual(withText());
  });

  it('several frames: split by frame size, each redacted with the union of the boxes', async () => {
    const m3 = moduleOf({ frames: 3 });
    const value = Buffer.concat([blank(m3), blank(m3), withText(m3)]);
    const outcome = await cleanPixelData(
      moduleDataset(m3),
      TS.implicitLE,
      true,
      value,
      cleaner(blobFinder()),
    );
    expect(outcome).toMatchObject({ kind: 'replaced', provenance: provenance([TEXT], 'input-syntax', 3) });
    expect(outcome.kind === 'replaced' && outcome.value).toEqual(Buffer.alloc(3 * 256));
  });

  it('an odd-length result is padded to even', async () => {
    const m3x3 = moduleOf({ rows: 3, columns: 3 });
    const value = paint(blank(m3x3), m3x3, { x0: 1, y0: 1, x1: 1, y1: 1 });
    const outcome = await native(value, m3x3);
    expect(outcome.kind === 'replaced' && outcome.value).toEqual(Buffer.alloc(10));
  });

  it('big endian 16-bit: read and written back in its own byte order', async () => {
    const m16 = moduleOf({ bitsAllocated: 16, bitsStored: 12 });
    const be = (text: boolean) => {
      const f = Buffer.alloc(512);
      for (let p = 0; p < 256; p++) {
        const inText = p % 16 >= TEXT.x0 && p % 16 <= TEXT.x1 && p >> 4 >= TEXT.y0 && p >> 4 <= TEXT.y1;
        f.writeUInt16BE(text && inText ? 4000 : 100, p * 2);
      }
      return f;
    };
    const outcome = await cleanPixelData(
      moduleDataset(m16, false),
      TS.explicitBE,
      false,
      be(true),
      cleaner(blobFinder()),
    );
    expect(outcome).toMatchObject({
      kind: 'replaced',
      transferSyntaxUid: TS.explicitBE,
      provenance: provenance([TEXT]),
    });
    expect(outcome.kind === 'replaced' && outcome.value).toEqual(be(false));
  });

  it('an invalid BitsStored (0) is not published unchanged: the text is found or the image held', async () => {
    const m16 = moduleOf({ bitsAllocated: 16, bitsStored: 0 });
    const value = Buffer.alloc(512);
    for (let x = TEXT.x0; x <= TEXT.x1; x++) value.writeUInt16LE(4000, (TEXT.y0 * 16 + x) * 2);
    const outcome = await native(value, m16).catch((e: unknown) => e);
    expect(outcome).not.toMatchObject({ kind: 'unchanged' });
  });

  it('held when the value is shorter than its frames', async () => {
    const m2 = moduleOf({ frames: 2 });
    expect(await heldFor(native(Buffer.alloc(511), m2))).toEqual({
      reason: 'pixel-review',
      detail: 'the native pixel data holds 511 bytes, fewer than 2 frame(s) of 256',
    });
  });
});

describe('cleanPixelData: compressed pixel data (a fake codec whose "compressed" frames are the native bytes)', () => {
  it('LOSSLESS: the RLE, JPEG lossless, JPEG-LS lossless and JPEG 2000 lossless syntaxes', () => {
    expect([...LOSSLESS]).toEqual([
      '1.2.840.10008.1.2.5',
      '1.2.840.10008.1.2.4.57',
      '1.2.840.10008.1.2.4.70',
      '1.2.840.10008.1.2.4.80',
      '1.2.840.10008.1.2.4.90',
    ]);
  });

  it('no text: unchanged, nothing re-encoded', async () => {
    const codec = rawCodec({ decodes: [RLE], encodes: [RLE] });
    expect(await compressed(RLE, [[blank(m)]], codec)).toEqual({
      kind: 'unchanged',
      provenance: provenance([]),
    });
    expect(codec.encoded).toEqual([]);
  });

  it('lossless with an encoder: re-encoded in the input syntax, encapsulated one fragment per frame', async () => {
    const codec = rawCodec({ decodes: [RLE], encodes: [RLE] });
    const m2 = moduleOf({ frames: 2 });
    // The first frame arrives in two fragments: the codec is handed them joined.
    const text = withText(m2);
    const outcome = await compressed(
      RLE,
      [[text.subarray(0, 100), text.subarray(100)], [blank(m2)]],
      codec,
      m2,
    );
    expect(outcome).toMatchObject({
      kind: 'replaced',
      encapsulated: true,
      transferSyntaxUid: RLE,
      module: m2,
      provenance: provenance([TEXT], 'input-syntax', 2),
    });
    expect(codec.encoded).toEqual([[blank(m2), blank(m2)]]);
    expect(outcome.kind === 'replaced' && framesOf(outcome.value, 2)).toEqual([[blank(m2)], [blank(m2)]]);
  });

  const nativeFallback = (module = m) => ({
    kind: 'replaced',
    value: blank(module),
    encapsulated: false,
    transferSyntaxUid: TS.explicitLE,
    module,
    provenance: provenance([TEXT], 'explicit-le-native'),
  });

  it('lossy: never re-encoded (that would compress again), written as explicit VR little endian native', async () => {
    const codec = rawCodec({ decodes: [JPEG_BASELINE], encodes: [JPEG_BASELINE] });
    expect(await compressed(JPEG_BASELINE, [[withText()]], codec)).toEqual(nativeFallback());
    expect(codec.encoded).toEqual([]);
  });

  it('lossless without an encoder, or with one that fails: explicit VR little endian native', async () => {
    for (const codec of [
      rawCodec({ decodes: [RLE] }),
      rawCodec({ decodes: [RLE], encodes: [RLE], encodeThrows: true }),
    ])
      expect(await compressed(RLE, [[withText()]], codec)).toEqual(nativeFallback());
  });

  it('frames decoded into another form (colour JPEG into RGB) are cleaned and written in that form', async () => {
    const ybr = moduleOf({ photometric: 'YBR_FULL_422', samplesPerPixel: 3 });
    const rgb = { ...ybr, photometric: 'RGB', planarConfiguration: 1 };
    const codec = rawCodec({ decodes: [JPEG_BASELINE], decodedAs: () => rgb });
    // Planar RGB: white text on black, in each of the three planes.
    const plane = withText();
    const outcome = await compressed(JPEG_BASELINE, [[Buffer.concat([plane, plane, plane])]], codec, ybr);
    expect(outcome).toEqual({ ...nativeFallback(rgb), value: Buffer.alloc(768) });
  });

  it('a single-sample module written native is interleaved (PlanarConfiguration 0)', async () => {
    const codec = rawCodec({
      decodes: [JPEG_BASELINE],
      decodedAs: (d) => ({ ...d, planarConfiguration: 1 }),
    });
    expect(await compressed(JPEG_BASELINE, [[withText()]], codec)).toMatchObject({
      module: { planarConfiguration: 0 },
    });
  });
});

describe('cleanPixelData: held for review (pixel-review) when the pixels cannot be examined', () => {
  const hold = (p: Promise<unknown>, detail: string) =>
    expect(heldFor(p).then(({ reason, detail }) => ({ reason, detail }))).resolves.toEqual({
      reason: 'pixel-review',
      detail,
    });

  it('no decoder for the syntax', async () => {
    await hold(
      compressed(JPEG_BASELINE, [[withText()]], rawCodec({ decodes: [RLE] })),
      `no decoder for transfer syntax ${JPEG_BASELINE}: the pixels cannot be examined`,
    );
  });

  it('encapsulated items that cannot be split into the frames', async () => {
    const m2 = moduleOf({ frames: 2 });
    const value = encapsulatedValue([[blank(m2), blank(m2)], [blank(m2)]], false);
    await hold(
      cleanPixelData(
        moduleDataset(m2),
        RLE,
        true,
        value,
        cleaner(blobFinder(), rawCodec({ decodes: [RLE] })),
      ),
      '3 fragments for 2 frames and no offset table to tell them apart',
    );
  });

  it('frames that do not decode (the codec’s own message is not passed on)', async () => {
    await hold(
      compressed(RLE, [[blank(m)]], rawCodec({ decodes: [RLE], decodeThrows: true })),
      `the frames in transfer syntax ${RLE} do not decode`,
    );
  });

  it('an unreadable pixel module', async () => {
    const ds = moduleDataset(m).filter((e) => e.tag !== 0x00280010);
    await hold(
      cleanPixelData(ds, TS.explicitLE, true, blank(m), cleaner(blobFinder())),
      '(0028,0010) Rows or (0028,0011) Columns is missing or zero',
    );
  });

  it('native subsampled chroma (YBR_FULL_422): no view of its frames, said so', async () => {
    const odd = moduleOf({ photometric: 'YBR_FULL_422', samplesPerPixel: 3 });
    await hold(
      native(blank(odd), odd),
      'native (0028,0004) PhotometricInterpretation YBR_FULL_422 (subsampled chroma) cannot be examined',
    );
  });

  it('a photometric interpretation that cannot be viewed, or a sample count that does not fit it', async () => {
    for (const [photometric, samplesPerPixel] of [
      ['YBR_ICT', 3],
      ['MONOCHROME2', 3],
      ['PALETTE COLOR', 3],
    ] as const) {
      const odd = moduleOf({ photometric, samplesPerPixel });
      await hold(
        native(blank(odd), odd),
        `(0028,0004) PhotometricInterpretation ${photometric} with ${samplesPerPixel} sample(s) cannot be examined`,
      );
    }
  });

  it('text-like marks left after redaction, with where the OCR saw them for the reviewer', async () => {
    await hold(
      native(blank(m), m, stubbornFinder()),
      'text-like marks remain in 1 region(s) of frame 1 after redacting 1 box(es)',
    );
    expect((await heldFor(native(blank(m), m, stubbornFinder()))).boxes).toEqual([
      { x0: 1, y0: 1, x1: 4, y1: 2 },
    ]);
  });

  it('RGB with a single sample per pixel (16-bit)', async () => {
    const odd = moduleOf({ photometric: 'RGB', samplesPerPixel: 1, bitsAllocated: 16, bitsStored: 16 });
    await hold(
      native(Buffer.alloc(512), odd),
      '(0028,0004) PhotometricInterpretation RGB with 1 sample(s) cannot be examined',
    );
  });
});

describe('maskRegions: the regions configured for a device layout', () => {
  const ds = moduleDataset(m, true, [str(0x00080070, 'LO', 'ACME'), str(0x00081090, 'LO', 'Sono 5')]);
  const R1 = { x0: 0, y0: 0, x1: 15, y1: 1 };
  const R2 = { x0: 12, y0: 14, x1: 15, y1: 15 };
  const device = { manufacturer: 'ACME', model: 'Sono 5', rows: 16, columns: 16 };

  it('matches Manufacturer, Model, Rows and Columns exactly, the regions of every match together', () => {
    const masks = [
      { ...device, regions: [R1] },
      { ...device, manufacturer: 'ACME Corp', regions: [R2] },
      { ...device, model: 'Sono 6', regions: [R2] },
      { ...device, rows: 32, regions: [R2] },
      { ...device, columns: 8, regions: [R2] },
      { ...device, regions: [R2] },
    ];
    expect(maskRegions(ds, m, masks)).toEqual([R1, R2]);
  });

  it('none configured, or a dataset without the device attributes: none', () => {
    expect(maskRegions(ds, m)).toEqual([]);
    expect(maskRegions(moduleDataset(m), m, [{ ...device, regions: [R1] }])).toEqual([]);
  });

  it('are redacted by cleanPixelData, text or not', async () => {
    const outcome = await cleanPixelData(
      ds,
      TS.explicitLE,
      true,
      paint(blank(m), m, R1, 90),
      cleaner(blobFinder({ confidence: 0 }), rawCodec(), [{ ...device, regions: [R1] }]),
    );
    expect(outcome).toEqual({
      kind: 'replaced',
      value: blank(m),
      encapsulated: false,
      transferSyntaxUid: TS.explicitLE,
      module: m,
      provenance: provenance([R1]),
    });
  });
});
