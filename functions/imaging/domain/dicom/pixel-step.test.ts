import { describe, expect, it } from 'vitest';
import {
  dicomFile,
  type Element,
  el,
  encapsulatedPixelData,
  encodeDataset,
  type Syntax,
  TRANSFER_SYNTAX,
} from '../../fixtures/dicom-writer.ts';
import type { PixelCleaner } from '../pixels/pixel-ports.ts';
import {
  blank,
  blobFinder,
  cleaner,
  heldFor,
  moduleOf,
  paint,
  rawCodec,
  stubbornFinder,
  TEXT,
  withText,
} from '../pixels/test/fakes.ts';
import { type DicomJob, deidentifyDicom } from './engine.ts';
import { DEFAULT_OPTIONS } from './profile.ts';
import {
  baseDataset,
  chunked,
  type DcmDict,
  dcmdump,
  file,
  keyring,
  read,
  SOP,
  value,
} from './test/support.ts';

const US = '1.2.840.10008.5.1.4.1.1.6.1';
const RLE = '1.2.840.10008.1.2.5';
const m = moduleOf(); // 16 × 16, 8-bit MONOCHROME2

const SYNTAX_UID: Record<Syntax, string> = {
  'explicit-le': TRANSFER_SYNTAX.explicitLittleEndian,
  'explicit-be': TRANSFER_SYNTAX.explicitBigEndian,
  'implicit-le': TRANSFER_SYNTAX.implicitLittleEndian,
};

/**
 * An ultrasound image (the identifying header of support.ts) with native (OB) or encapsulated pixel
 * data; `extra` elements replace the image's own, `after` ones follow the pixel data.
 */
function usImage(
  pixels: Buffer | Buffer[][],
  opts: { extra?: Element[]; syntax?: Syntax; transferSyntaxUid?: string; after?: Element[] } = {},
): Buffer {
  const syntax = opts.syntax ?? 'explicit-le';
  const extra = opts.extra ?? [];
  const replaced = new Set(extra.map((e) => e.tag));
  const image = [
    el(0x00080016, 'UI', US),
    el(0x00080060, 'CS', 'US'),
    el(0x00280002, 'US', [1]),
    el(0x00280004, 'CS', 'MONOCHROME2'),
    el(0x00280010, 'US', [16]),
    el(0x00280011, 'US', [16]),
    el(0x00280100, 'US', [8]),
    el(0x00280101, 'US', [8]),
    el(0x00280102, 'US', [7]),
    el(0x00280103, 'US', [0]),
    ...(Buffer.isBuffer(pixels) ? [el(0x7fe00010, 'OB', pixels)] : []),
  ].filter((e) => !replaced.has(e.tag));
  const ds = baseDataset([...image, ...extra]).filter((e) => Buffer.isBuffer(pixels) || e.tag !== 0x7fe00010);
  const encapsulated = Buffer.isBuffer(pixels) ? [] : [encapsulatedPixelData(pixels)];
  const body = Buffer.concat([
    encodeDataset(ds, syntax),
    ...encapsulated,
    encodeDataset(opts.after ?? [], syntax),
  ]);
  return dicomFile(body, {
    sopClassUid: US,
    sopInstanceUid: SOP,
    transferSyntaxUid: opts.transferSyntaxUid ?? SYNTAX_UID[syntax],
  });
}

/** Runs the engine with the default options and, when given, a pixel cleaner. */
async function deidentify(input: Buffer, pixels?: PixelCleaner) {
  const chunks: Buffer[] = [];
  const job: DicomJob = {
    keyring,
    issuer: 'CENTER-1',
    options: DEFAULT_OPTIONS,
    limits: { maxBytes: 64 * 1024 * 1024, maxDepth: 16 },
    ...(pixels ? { pixels } : {}),
  };
  const result = await deidentifyDicom(
    chunked(input),
    (chunk) => {
      chunks.push(Buffer.from(chunk));
    },
    job,
  );
  return { result, out: Buffer.concat(chunks) };
}

/** The CID 7050 codes of the output's De-identification Method Code Sequence. */
const codesOf = (dict: DcmDict) =>
  (dict['00120064']?.Value ?? []).map((item) => value(item as DcmDict, '00080100'));
const pixelBytes = (dict: DcmDict) => Buffer.from(dict['7FE00010']?.Value?.[0] as ArrayBuffer);

describe('an image at burned-in risk with a pixel cleaner in the job', () => {
  it('is anonymized, its pixels redacted where the text was, and stamped as cleaned', async () => {
    const { result, out } = await deidentify(usImage(withText()), cleaner(blobFinder()));
    expect(result.pixelCleaning).toEqual({
      examinedFrames: 1,
      frames: 1,
      boxes: [TEXT],
      encoding: 'input-syntax',
    });
    const { dict } = read(out);
    expect(pixelBytes(dict)).toEqual(blank(m));
    expect(value(dict, '00100010')).toBe(keyring.pseudonym('patient_id', 'MRN-0042', 'CENTER-1'));
    expect(value(dict, '00280301')).toBe('NO');
    expect(codesOf(dict)).toContain('113101');
    expect(dcmdump(out).status).toBe(0);
  });

  it('with no text found: the pixels kept byte for byte, still stamped as examined', async () => {
    const pixels = paint(blank(m, 30), m, TEXT, 90);
    const { result, out } = await deidentify(usImage(pixels), cleaner(blobFinder({ confidence: 10 })));
    expect(result.pixelCleaning).toEqual({
      examinedFrames: 1,
      frames: 1,
      boxes: [],
      encoding: 'input-syntax',
    });
    const { dict } = read(out);
    expect(pixelBytes(dict)).toEqual(pixels);
    expect(value(dict, '00280301')).toBe('NO');
    expect(codesOf(dict)).toContain('113101');
  });

  it('BurnedInAnnotation YES makes any class at risk (here a CT)', async () => {
    const extra = [
      el(0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.2'),
      el(0x00080060, 'CS', 'CT'),
      el(0x00280301, 'CS', 'YES'),
    ];
    const { result, out } = await deidentify(usImage(withText(), { extra }), cleaner(blobFinder()));
    expect(result.pixelCleaning?.boxes).toEqual([TEXT]);
    expect(value(read(out).dict, '00280301')).toBe('NO');
  });

  it('big endian 16-bit: redacted in its own byte order', async () => {
    // Pixel values given little endian: the fixture writer swaps OW words for big endian.
    const le = (text: boolean) => {
      const f = Buffer.alloc(512);
      for (let p = 0; p < 256; p++)
        f.writeUInt16LE(text && p >> 4 === 4 && p % 16 >= 3 && p % 16 <= 9 ? 4000 : 100, p * 2);
      return f;
    };
    const extra = [
      el(0x00280100, 'US', [16]),
      el(0x00280101, 'US', [12]),
      el(0x00280102, 'US', [11]),
      el(0x7fe00010, 'OW', le(true)),
    ];
    const { result, out } = await deidentify(
      usImage(le(true), { extra, syntax: 'explicit-be' }),
      cleaner(blobFinder()),
    );
    expect(result.pixelCleaning?.boxes).toEqual([{ x0: 3, y0: 4, x1: 9, y1: 4 }]);
    expect(result.attributes.transferSyntax).toBe(TRANSFER_SYNTAX.explicitBigEndian);
    expect(out.subarray(-512)).toEqual(le(false).swap16());
    expect(dcmdump(out).status).toBe(0);
  });

  it('compressed lossless: re-encoded in its own syntax, encapsulated', async () => {
    const codec = rawCodec({ decodes: [RLE], encodes: [RLE] });
    const { result, out } = await deidentify(
      usImage([[withText()]], { transferSyntaxUid: RLE }),
      cleaner(blobFinder(), codec),
    );
    expect(result.pixelCleaning?.encoding).toBe('input-syntax');
    expect(result.attributes.transferSyntax).toBe(RLE);
    expect(value(read(out).meta, '00020010')).toBe(RLE);
    const redacted = encapsulatedPixelData([[blank(m)]]);
    expect(out.subarray(-redacted.length)).toEqual(redacted);
    expect(codec.encoded).toEqual([[blank(m)]]);
  });

  it('compressed with no text: its encapsulated pixel data passed through byte for byte', async () => {
    const frames = [[blank(m).subarray(0, 100), blank(m).subarray(100)]];
    const codec = rawCodec({ decodes: [RLE], encodes: [RLE] });
    const { result, out } = await deidentify(
      usImage(frames, { transferSyntaxUid: RLE }),
      cleaner(blobFinder(), codec),
    );
    expect(result.pixelCleaning?.boxes).toEqual([]);
    expect(out.subarray(-encapsulatedPixelData(frames).length)).toEqual(encapsulatedPixelData(frames));
    expect(codec.encoded).toEqual([]);
  });

  it('colour JPEG decoded into RGB: written explicit VR little endian native, the pixel module rewritten', async () => {
    const ybr = [el(0x00280002, 'US', [3]), el(0x00280004, 'CS', 'YBR_FULL_422'), el(0x00280006, 'US', [0])];
    const decodedAs = (d: typeof m) => ({ ...d, photometric: 'RGB', planarConfiguration: 1 });
    const codec = rawCodec({ decodes: [TRANSFER_SYNTAX.jpegBaseline], decodedAs });
    const plane = withText();
    const input = usImage([[Buffer.concat([plane, plane, plane])]], {
      extra: ybr,
      transferSyntaxUid: TRANSFER_SYNTAX.jpegBaseline,
    });
    const { result, out } = await deidentify(input, cleaner(blobFinder(), codec));
    expect(result.pixelCleaning).toMatchObject({ boxes: [TEXT], encoding: 'explicit-le-native' });
    expect(result.attributes.transferSyntax).toBe(TRANSFER_SYNTAX.explicitLittleEndian);
    const { dict, meta } = read(out);
    expect(value(meta, '00020010')).toBe(TRANSFER_SYNTAX.explicitLittleEndian);
    expect(value(dict, '00280004')).toBe('RGB');
    expect(value(dict, '00280006')).toBe('1');
    expect(pixelBytes(dict)).toEqual(Buffer.alloc(768));
    expect(dcmdump(out).status).toBe(0);
  });

  /** Cleans an image with an overlay (a dropped bulk value) before its pixel data. */
  async function withOverlay(overlay: Element) {
    const input = usImage(withText(), { extra: [el(0x60000010, 'US', [16]), overlay] });
    const { result, out } = await deidentify(input, cleaner(blobFinder()));
    expect(result.pixelCleaning?.boxes).toEqual([TEXT]);
    const { dict } = read(out);
    expect(dict['60003000']).toBeUndefined();
    expect(dict['60000010']).toBeUndefined();
    expect(pixelBytes(dict)).toEqual(blank(m));
    expect(out.includes('OVLY')).toBe(false);
  }

  it('a dropped bulk value before the pixel data (an overlay over 8 MiB) is skipped, the pixels behind it cleaned', async () => {
    const big = Buffer.alloc(8 * 1024 * 1024 + 2);
    big.write('OVLY');
    await withOverlay(el(0x60003000, 'OW', big));
  });

  it('a dropped undefined-length bulk value (an encapsulated overlay) is skipped too', async () => {
    const item = Buffer.concat([Buffer.from([0xfe, 0xff, 0x00, 0xe0, 4, 0, 0, 0]), Buffer.from('OVLY')]);
    const delimiter = Buffer.from([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]);
    await withOverlay(el(0x60003000, 'OB', Buffer.concat([item, delimiter]), { lengthOverride: 0xffffffff }));
  });

  it('elements after the pixel data are still de-identified and written', async () => {
    const after = [el(0xfffcfffc, 'OB', Buffer.from('PAD-PEREZ^JUANITA!'))];
    const { out } = await deidentify(usImage(withText(), { after }), cleaner(blobFinder()));
    expect(out.includes('PEREZ')).toBe(false);
    expect(out.subarray(-256)).toEqual(blank(m));
    expect(dcmdump(out).status).toBe(0);
  });

  it('with no pixel data there is nothing to examine: published, no cleaning recorded', async () => {
    // The image without its pixel data element (the last one: 12 header bytes and 256 of value).
    const input = usImage(withText()).subarray(0, -(12 + 256));
    const finder = blobFinder();
    const { result } = await deidentify(input, cleaner(finder));
    expect(result.pixelCleaning).toBeUndefined();
    expect(finder.calls).toBe(0);
  });
});

describe('an image at burned-in risk is held', () => {
  it('burned-in-risk without a pixel cleaner in the job', async () => {
    expect(await heldFor(deidentify(usImage(withText())))).toEqual({
      reason: 'burned-in-risk',
      detail:
        '(0008,0060) Modality US is at risk of burned-in text and (0028,0301) BurnedInAnnotation is absent: held for pixel review',
    });
  });

  it('pixel-review when the OCR still reads text after redaction, with the boxes the reviewer is shown', async () => {
    expect(await heldFor(deidentify(usImage(withText()), cleaner(stubbornFinder())))).toEqual({
      reason: 'pixel-review',
      detail: 'text-like marks remain in 1 region(s) of frame 1 after redacting 1 box(es)',
      boxes: [{ x0: 1, y0: 1, x1: 4, y1: 2 }],
    });
  });

  it('pixel-review when a kept bulk value comes before the pixel data', async () => {
    const input = usImage(withText(), { extra: [el(0x7fe00008, 'OF', Buffer.alloc(8))] });
    const held = await heldFor(deidentify(input, cleaner(blobFinder())));
    expect(held.reason).toBe('pixel-review');
    expect(held.detail).toMatch(/^\(7FE0,0008\).* is a kept bulk value before the pixel data$/);
  });
});

describe('an image not at burned-in risk, with a pixel cleaner in the job', () => {
  it('is never read by the OCR: its pixels byte-identical, no cleaning recorded or stamped', async () => {
    const pixels = Buffer.from([9, 8, 7, 6]);
    const input = file(baseDataset([], pixels));
    const finder = blobFinder();
    const { result, out } = await deidentify(input, cleaner(finder));
    expect(finder.calls).toBe(0);
    expect(result.pixelCleaning).toBeUndefined();
    expect(out.subarray(-pixels.length)).toEqual(pixels);
    const { dict } = read(out);
    expect(dict['00280301']).toBeUndefined();
    expect(codesOf(dict)).not.toContain('113101');
  });
});
