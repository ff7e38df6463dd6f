/**
 * The engine's step for an image at burned-in risk: its header up to the pixel data gathered into one
 * segment (dropped bulk values before it, such as overlays, are skipped), its pixel data read and
 * cleaned, and what to write in its place. A hold (`pixel-review`) is thrown when it cannot be examined.
 */

import type { PixelProvenance } from '../pixels/clean-pixel-data.ts';
import { cleanPixelData } from '../pixels/clean-pixel-data.ts';
import { PIXEL_TAGS, type PixelModule } from '../pixels/pixel-module.ts';
import type { PixelCleaner } from '../pixels/pixel-ports.ts';
import { bulkFate, passBulk, readBulk } from './bulk-values.ts';
import type { ByteReader } from './byte-reader.ts';
import type { Dataset, Element } from './dataset.ts';
import { describeTag } from './keywords.ts';
import type { DatasetParser, Segment } from './parse.ts';
import type { ProfileOptions } from './profile.ts';
import { Hold } from './reject.ts';
import { EXPLICIT_LE, encodeHeader, type Syntax, UNDEFINED_LENGTH } from './syntax.ts';

export const PIXEL_DATA = 0x7fe00010;
/** Pixel data bigger than this is held rather than decoded in memory. */
export const MAX_CLEANING_BYTES = 512 * 1024 * 1024;

export interface CleanedImage {
  /** The header up to the pixel data (one segment; its bulk, when present, is the pixel data). */
  segment: Segment;
  /** The pixel data element to write (header and value) instead of the input's; absent without pixels. */
  pixelElement?: Buffer;
  transferSyntaxUid: string;
  /** Pixel module elements that replace the input's (when the pixels were decoded into another form). */
  moduleElements: Dataset;
  provenance?: PixelProvenance;
}

export interface PixelStepInput {
  r: ByteReader;
  segment: Segment;
  readSegment: () => Promise<Segment>;
  parser: DatasetParser;
  syntax: Syntax;
  transferSyntaxUid: string;
  privateCreators: Dataset;
  options: ProfileOptions;
  cleaner: PixelCleaner;
}

const us = (tag: number, v: number): Element => {
  const value = Buffer.alloc(2);
  value.writeUInt16LE(v);
  return { tag, vr: 'US', value };
};

/** Elements describing decoded frames where they differ from the input's module. */
function moduleElementsOf(input: PixelModule, written: PixelModule): Dataset {
  const out: Dataset = [];
  if (written.photometric !== input.photometric) {
    const cs = written.photometric.length % 2 ? `${written.photometric} ` : written.photometric;
    out.push({ tag: PIXEL_TAGS.photometric, vr: 'CS', value: Buffer.from(cs, 'latin1') });
  }
  if (written.samplesPerPixel > 1 && written.planarConfiguration !== input.planarConfiguration)
    out.push(us(PIXEL_TAGS.planarConfiguration, written.planarConfiguration));
  return out;
}

export async function examinePixels(step: PixelStepInput): Promise<CleanedImage> {
  const { r, syntax, parser } = step;
  let segment = step.segment;
  while (
    segment.bulk &&
    segment.bulk.tag !== PIXEL_DATA &&
    bulkFate(segment.bulk, step.privateCreators, step.options) === 'drop'
  ) {
    await passBulk(r, segment.bulk, syntax, undefined);
    parser.countBulkHeader(segment.bulk);
    const next = await step.readSegment();
    segment = { elements: [...segment.elements, ...next.elements], bulk: next.bulk };
  }
  const bulk = segment.bulk;
  if (!bulk) return { segment, transferSyntaxUid: step.transferSyntaxUid, moduleElements: [] };
  if (bulk.tag !== PIXEL_DATA)
    throw new Hold('pixel-review', `${describeTag(bulk.tag)} is a kept bulk value before the pixel data`);
  const value = await readBulk(r, bulk, syntax, MAX_CLEANING_BYTES);
  parser.countBulkHeader(bulk);
  const outcome = await cleanPixelData(
    segment.elements,
    step.transferSyntaxUid,
    syntax.littleEndian,
    value,
    step.cleaner,
  );
  const base = { segment, provenance: outcome.provenance };
  if (outcome.kind === 'unchanged') {
    const header =
      bulk.length === undefined ? bulk.raw : encodeHeader(bulk.tag, bulk.vr, value.length, syntax);
    return {
      ...base,
      pixelElement: Buffer.concat([header, value]),
      transferSyntaxUid: step.transferSyntaxUid,
      moduleElements: [],
    };
  }
  // The input module, as the step saw it, is what the written one is compared with.
  const written = outcome.module;
  const header = outcome.encapsulated
    ? encodeHeader(PIXEL_DATA, 'OB', UNDEFINED_LENGTH, EXPLICIT_LE)
    : encodeHeader(PIXEL_DATA, written.bitsAllocated > 8 ? 'OW' : 'OB', outcome.value.length, syntax);
  const inputModule = {
    ...written,
    photometric: photometricOf(segment.elements),
    planarConfiguration: planarOf(segment.elements, syntax),
  };
  return {
    ...base,
    pixelElement: Buffer.concat([header, outcome.value]),
    transferSyntaxUid: outcome.transferSyntaxUid,
    moduleElements: moduleElementsOf(inputModule, written),
  };
}

const photometricOf = (ds: Dataset) =>
  (ds.find((e) => e.tag === PIXEL_TAGS.photometric)?.value?.toString('latin1') ?? '').trim().toUpperCase();
const planarOf = (ds: Dataset, syntax: Syntax) => {
  const v = ds.find((e) => e.tag === PIXEL_TAGS.planarConfiguration)?.value;
  if (!v || v.length < 2) return 0;
  return syntax.littleEndian ? v.readUInt16LE(0) : v.readUInt16BE(0);
};
