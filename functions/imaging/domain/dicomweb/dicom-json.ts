/**
 * DICOM JSON (PS3.18 Annex F) from dcmjs's dataset model (`DicomMessage.readFile(...).dict`): tags as
 * upper-case hex, `Value` arrays without empty strings, binary values as `InlineBinary` (base64), and
 * pixel data left out or pointed at with a `BulkDataURI`.
 */
import dcmjs from 'dcmjs';

export interface DicomJsonAttribute {
  vr: string;
  Value?: unknown[];
  InlineBinary?: string;
  BulkDataURI?: string;
}
export type DicomJson = Record<string, DicomJsonAttribute>;

/** An element as dcmjs reads it. */
export interface DcmjsElement {
  vr: string;
  Value?: unknown;
}
export type DcmjsDict = Record<string, DcmjsElement>;

const BINARY_VR = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);
const NUMBER_VR = new Set(['DS', 'FL', 'FD', 'IS', 'SL', 'SS', 'SV', 'UL', 'US', 'UV']);
/** Pixel, float pixel and double pixel data. */
export const PIXEL_DATA_TAGS = new Set(['7FE00010', '7FE00008', '7FE00009']);

const bytesOf = (values: unknown[]): Buffer =>
  Buffer.concat(
    values.map((v) =>
      v instanceof ArrayBuffer
        ? Buffer.from(v)
        : ArrayBuffer.isView(v)
          ? Buffer.from(v.buffer, v.byteOffset, v.byteLength)
          : Buffer.alloc(0),
    ),
  );

const hexTag = (v: unknown) =>
  typeof v === 'number' ? (v >>> 0).toString(16).toUpperCase().padStart(8, '0') : String(v);

function scalar(vr: string, v: unknown): unknown {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'bigint') return Number(v);
  if (vr === 'AT') return hexTag(v);
  if (vr === 'PN' && typeof v === 'object') {
    const pn = v as Record<string, unknown>;
    const out: Record<string, string> = {};
    for (const k of ['Alphabetic', 'Ideographic', 'Phonetic'])
      if (typeof pn[k] === 'string' && pn[k] !== '') out[k] = pn[k] as string;
    return Object.keys(out).length > 0 ? out : null;
  }
  if (vr === 'PN') return { Alphabetic: String(v) };
  if (NUMBER_VR.has(vr)) {
    const n = typeof v === 'number' ? v : Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return typeof v === 'string' ? v : String(v);
}

export interface JsonOptions {
  /** The BulkDataURI of a pixel data element; pixel data is left out when absent or undefined. */
  pixelDataUri?: (tag: string) => string | undefined;
}

/** One element as DICOM JSON, or undefined when it is pixel data left out. */
function attribute(tag: string, e: DcmjsElement, o: JsonOptions): DicomJsonAttribute | undefined {
  const vr = typeof e.vr === 'string' && e.vr.length === 2 ? e.vr : 'UN';
  if (PIXEL_DATA_TAGS.has(tag)) {
    const uri = o.pixelDataUri?.(tag);
    return uri ? { vr, BulkDataURI: uri } : undefined;
  }
  const values = Array.isArray(e.Value) ? e.Value : e.Value === undefined ? [] : [e.Value];
  if (vr === 'SQ') {
    const items = values.filter((i): i is DcmjsDict => typeof i === 'object' && i !== null);
    return items.length > 0 ? { vr, Value: items.map((i) => toDicomJson(i, o)) } : { vr };
  }
  if (BINARY_VR.has(vr)) {
    const bytes = bytesOf(values);
    return bytes.length > 0 ? { vr, InlineBinary: bytes.toString('base64') } : { vr };
  }
  const out = values.map((v) => scalar(vr, v));
  return out.some((v) => v !== null) ? { vr, Value: out } : { vr };
}

/** A dcmjs dataset as DICOM JSON (the file meta group and group lengths are not part of a dataset). */
export function toDicomJson(dict: DcmjsDict, o: JsonOptions = {}): DicomJson {
  const out: DicomJson = {};
  for (const tag of Object.keys(dict).sort()) {
    const upper = tag.toUpperCase();
    if (upper.startsWith('0002') || upper.endsWith('0000')) continue;
    const e = dict[tag];
    if (!e) continue;
    const a = attribute(upper, e, o);
    if (a) out[upper] = a;
  }
  return out;
}

/** The attributes of `json` with these tags (those it has). */
export function pick(json: DicomJson, tags: readonly string[]): DicomJson {
  const out: DicomJson = {};
  for (const t of tags) {
    const a = json[t];
    if (a) out[t] = a;
  }
  return out;
}

/** The first value of an attribute as text ('' when absent or empty). */
export function firstText(json: DicomJson, tag: string): string {
  const v = json[tag]?.Value?.[0];
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return String((v as { Alphabetic?: string }).Alphabetic ?? '');
  return String(v);
}

/** The first value of an attribute as a number, if it is one. */
export function firstNumber(json: DicomJson, tag: string): number | undefined {
  const v = json[tag]?.Value?.[0];
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

const { DicomMetaDictionary } = dcmjs.data as unknown as {
  DicomMetaDictionary: {
    nameMap: Record<string, { tag: string; vr: string } | undefined>;
    dictionary: Record<string, { name: string; vr: string } | undefined>;
  };
};

/** The tag (8 upper-case hex digits) of a keyword or tag, from dcmjs's data dictionary; undefined if neither. */
export function tagOf(keywordOrTag: string): string | undefined {
  if (/^[0-9A-Fa-f]{8}$/.test(keywordOrTag)) return keywordOrTag.toUpperCase();
  const entry = DicomMetaDictionary.nameMap[keywordOrTag];
  if (!entry) return undefined;
  const hex = entry.tag.replace(/[(),]/g, '').toUpperCase();
  return /^[0-9A-F]{8}$/.test(hex) ? hex : undefined;
}

/** The dictionary VR of a tag ('UN' when unknown). */
export function vrOf(tag: string): string {
  const key = `(${tag.slice(0, 4)},${tag.slice(4)})`;
  const vr = DicomMetaDictionary.dictionary[key]?.vr ?? 'UN';
  return vr.length === 2 ? vr : 'UN';
}
