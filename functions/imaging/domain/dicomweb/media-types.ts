/**
 * Accept header negotiation for the DICOMweb answers (PS3.18 §8.7): which media type and transfer syntax
 * an instance, its frames, its metadata or its rendering goes out in. Undefined means 406 Not Acceptable.
 */
import { parse } from 'content-type';
import { TS } from '../dicom/syntax.ts';

export interface AcceptEntry {
  /** `type/subtype`, lower case. */
  type: string;
  params: Record<string, string>;
  q: number;
}

/** The entries of an Accept header, most preferred first; none (or an empty header) accepts anything. */
export function parseAccept(header: string | undefined): AcceptEntry[] {
  const out: AcceptEntry[] = [];
  const text = header?.trim() ?? '';
  let start = 0;
  while (start < text.length) {
    let parsed: ReturnType<typeof parse>;
    try {
      parsed = parse(text, { comma: true, start });
    } catch {
      // A malformed range: skip to the next comma.
      const next = text.indexOf(',', start);
      if (next < 0) break;
      start = next + 1;
      continue;
    }
    start = parsed.index + 1;
    const type = parsed.type.toLowerCase();
    if (!type.includes('/')) continue;
    const params = Object.fromEntries(
      Object.entries(parsed.parameters).map(([k, v]) => [k.toLowerCase(), v]),
    ) as Record<string, string>;
    const q = params.q === undefined ? 1 : Number(params.q);
    if (!(q > 0)) continue;
    out.push({ type, params, q });
  }
  if (out.length === 0) return text ? [] : [{ type: '*/*', params: {}, q: 1 }];
  return out
    .map((e, i) => ({ e, i }))
    .sort((a, b) => b.e.q - a.e.q || a.i - b.i)
    .map(({ e }) => e);
}

/** The bulk data media type of each compressed transfer syntax (PS3.18 Table 8.7.3-2), as stored. */
const COMPRESSED_MEDIA: Record<string, string> = {
  '1.2.840.10008.1.2.5': 'image/dicom-rle',
  '1.2.840.10008.1.2.4.50': 'image/jpeg',
  '1.2.840.10008.1.2.4.51': 'image/jpeg',
  '1.2.840.10008.1.2.4.57': 'image/jpeg',
  '1.2.840.10008.1.2.4.70': 'image/jpeg',
  '1.2.840.10008.1.2.4.80': 'image/jls',
  '1.2.840.10008.1.2.4.81': 'image/jls',
  '1.2.840.10008.1.2.4.90': 'image/jp2',
  '1.2.840.10008.1.2.4.91': 'image/jp2',
  '1.2.840.10008.1.2.4.92': 'image/jpx',
  '1.2.840.10008.1.2.4.93': 'image/jpx',
};
/** Older names clients still send. */
const ALIASES: Record<string, string> = {
  'image/x-dicom-rle': 'image/dicom-rle',
  'image/x-jls': 'image/jls',
};

const NATIVE = new Set<string>([TS.implicitLE, TS.explicitLE, TS.explicitBE]);
export const isNative = (transferSyntaxUid: string) => NATIVE.has(transferSyntaxUid);
/** The media type frames stored in this syntax are sent in, as they are. */
export const storedMediaType = (transferSyntaxUid: string) =>
  COMPRESSED_MEDIA[transferSyntaxUid] ?? 'application/octet-stream';

/** The media type inside `multipart/related` (its `type` parameter), or the range itself when not multipart. */
function innerType(e: AcceptEntry, fallback: string): { type: string; ts: string | undefined } {
  const multipart = e.type === 'multipart/related' || e.type === 'multipart/*';
  const type = multipart ? (e.params.type?.toLowerCase() ?? fallback) : e.type;
  return { type: ALIASES[type] ?? type, ts: e.params['transfer-syntax'] };
}

/** `*` (as stored), a transfer syntax UID, or the default Explicit VR Little Endian when none was named. */
export type WantedSyntax = string;

/**
 * Instance retrieval: the transfer syntaxes the client takes `application/dicom` in, in order of
 * preference. Empty: nothing acceptable (406). `single` allows a bare `application/dicom` (one instance).
 */
export function instanceSyntaxes(entries: readonly AcceptEntry[], single: boolean): WantedSyntax[] {
  const out: WantedSyntax[] = [];
  for (const e of entries) {
    const multipart = e.type === 'multipart/related' || e.type === 'multipart/*';
    const anything = e.type === '*/*' || e.type === 'application/*';
    if (!multipart && !anything && !(single && e.type === 'application/dicom')) continue;
    const { type, ts } = innerType(e, 'application/dicom');
    if (multipart && type !== 'application/dicom') continue;
    out.push(ts ?? TS.explicitLE);
  }
  return out;
}

/** Whether an instance stored in `stored` can go out as `wanted` (no transcoding: as stored only). */
export const servesAs = (wanted: WantedSyntax, stored: string) => wanted === '*' || wanted === stored;

/** Whether the client asked for the single-part `application/dicom` before any multipart form. */
export const prefersSinglePart = (entries: readonly AcceptEntry[]) =>
  entries.find((e) => e.type === 'application/dicom' || e.type.startsWith('multipart/') || e.type === '*/*')
    ?.type === 'application/dicom';

/** Metadata: DICOM JSON (`application/dicom+json`, or `application/json`). */
export const acceptsDicomJson = (entries: readonly AcceptEntry[]) =>
  entries.some((e) =>
    ['application/dicom+json', 'application/json', 'application/*', '*/*'].includes(e.type),
  );

/** How frames go out: the part media type, its transfer syntax, and whether compressed frames are decoded. */
export interface FramePlan {
  mediaType: string;
  transferSyntaxUid: string;
  decode: boolean;
}

/**
 * Frames: native `application/octet-stream` (Explicit VR Little Endian; compressed frames decoded when
 * `canDecode`), or the stored compressed bitstream under its own media type. The first acceptable wins.
 */
export function framePlan(
  entries: readonly AcceptEntry[],
  stored: string,
  canDecode: boolean,
): FramePlan | undefined {
  const native = isNative(stored);
  const asStored: FramePlan = {
    mediaType: storedMediaType(stored),
    transferSyntaxUid: stored,
    decode: false,
  };
  const decoded: FramePlan = {
    mediaType: 'application/octet-stream',
    transferSyntaxUid: TS.explicitLE,
    decode: !native,
  };
  // Native pixels are the same bytes in either little-endian syntax; big-endian ones would need swapping.
  const nativeOk = native ? stored !== TS.explicitBE : canDecode;
  for (const e of entries) {
    if (e.type === '*/*' || e.type === 'multipart/*' || e.type === 'application/*') {
      if (native ? nativeOk : true) return native ? decoded : asStored;
      continue;
    }
    if (e.type !== 'multipart/related') continue;
    const { type, ts } = innerType(e, 'application/octet-stream');
    if (type === 'application/octet-stream') {
      if (ts === '*') return native ? (nativeOk ? decoded : undefined) : asStored;
      if ((ts === undefined || ts === TS.explicitLE) && nativeOk) return decoded;
      continue;
    }
    const media = COMPRESSED_MEDIA[stored];
    const typeMatches = type === 'image/*' ? media !== undefined : type === media;
    if (typeMatches && (ts === undefined || ts === '*' || ts === stored)) return asStored;
  }
  return undefined;
}

export type RenderedType = 'image/jpeg' | 'image/png';

/** Rendered: JPEG (the default) or PNG. */
export function renderedType(entries: readonly AcceptEntry[]): RenderedType | undefined {
  for (const e of entries) {
    if (e.type === 'image/png') return 'image/png';
    if (['image/jpeg', 'image/*', '*/*'].includes(e.type)) return 'image/jpeg';
  }
  return undefined;
}
