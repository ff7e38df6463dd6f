/**
 * Anonymized instances as DICOMweb reads them: the header (up to the pixel data, parsed by dcmjs), byte
 * ranges of the object (frames), and the whole object, streamed from the anonymized bucket (or, for a
 * privacy officer's pixel review, a held original from the quarantine bucket).
 */
import type { Readable } from 'node:stream';
import dcmjs from 'dcmjs';
import type { LogicalBucket } from '../../platform/config.ts';
import { type DcmjsDict, PIXEL_DATA_TAGS } from '../domain/dicomweb/dicom-json.ts';
import { type InstanceLayout, instanceLayout } from '../domain/dicomweb/instance-layout.ts';
import { bucket } from './buckets.ts';

/** Most header bytes read before the pixel data. */
export const MAX_HEADER_BYTES = 16 * 1024 * 1024;

export interface StoredHeader {
  layout: InstanceLayout;
  /** The dataset before the pixel data, as dcmjs reads it. */
  dict: DcmjsDict;
}

/** The buckets instances are read from. */
export type InstanceBucket = Extract<LogicalBucket, 'anonymized' | 'quarantine'>;

const file = (object: string, from: InstanceBucket = 'anonymized') => bucket(from).file(object);

/** A byte range of an object (end exclusive), streamed; ranges skip the whole-object checksum. */
export const rangeStream = (
  object: string,
  start: number,
  end: number,
  from: InstanceBucket = 'anonymized',
): Readable => file(object, from).createReadStream({ start, end: end - 1, validation: false });

/** The whole object, streamed and checked against its stored CRC32C. */
export const objectStream = (object: string): Readable => file(object).createReadStream();

const { DicomMessage } = dcmjs.data as unknown as {
  DicomMessage: {
    readFile(
      b: ArrayBuffer,
      o: { untilTag?: string; ignoreErrors?: boolean },
    ): { dict: DcmjsDict; meta: DcmjsDict };
  };
};

/** Parses header bytes (preamble to the pixel data tag) with dcmjs, pixel data left out. */
export function parseHeader(header: Buffer): DcmjsDict {
  const bytes = header.buffer.slice(header.byteOffset, header.byteOffset + header.length) as ArrayBuffer;
  const { dict } = DicomMessage.readFile(bytes, { untilTag: '7FE00010' });
  for (const t of PIXEL_DATA_TAGS) delete dict[t];
  return dict;
}

/** The stored header of an anonymized DICOM object, or why it cannot be read as one. */
export async function storedHeader(
  object: string,
  from: InstanceBucket = 'anonymized',
): Promise<StoredHeader | string> {
  const stream = rangeStream(object, 0, MAX_HEADER_BYTES, from);
  try {
    const layout = await instanceLayout(stream, { maxHeaderBytes: MAX_HEADER_BYTES });
    if (typeof layout === 'string') return layout;
    try {
      return { layout, dict: parseHeader(layout.header) };
    } catch {
      return 'dcmjs could not read the header';
    }
  } finally {
    stream.destroy();
  }
}

/** Reads a whole byte range into memory (one frame; bounded by the caller). */
export async function readRange(
  object: string,
  start: number,
  end: number,
  from: InstanceBucket = 'anonymized',
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of rangeStream(object, start, end, from)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
