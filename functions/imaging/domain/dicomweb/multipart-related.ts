/**
 * `multipart/related; type="application/dicom"` request bodies (PS3.18 §10.5, RFC 2387): the media type
 * check and the split into parts. The byte-level parsing is @remix-run/multipart-parser's (any `multipart/*`);
 * this module adds what DICOMweb needs around it: the `type` parameter, a preamble before the first delimiter
 * (RFC 2046 §5.1.1; dicomweb-client opens with CRLF), and which part a malformed body fails at.
 */

import {
  MaxHeaderSizeExceededError,
  MaxPartsExceededError,
  MultipartParseError,
  parseMultipart,
} from '@remix-run/multipart-parser/node';
import { parse as parseMediaType } from 'content-type';

export const DICOM = 'application/dicom';

/** Parts beyond this are refused as a whole: a request is one study or a few, not an archive. */
export const MAX_PARTS = 1000;
const MAX_PART_HEADER_BYTES = 16 * 1024;

export type RelatedType =
  | { ok: true; boundary: string }
  /** 415: another media type, or a root type other than PS3.10 instances; 400: an unreadable header. */
  | { ok: false; status: 415 | 400; detail: string };

/** Checks a request's Content-Type: multipart/related with a boundary, whose root type is application/dicom. */
export function relatedType(header: string | undefined): RelatedType {
  if (!header)
    return { ok: false, status: 415, detail: `send Content-Type: multipart/related; type="${DICOM}"` };
  let media: ReturnType<typeof parseMediaType>;
  try {
    media = parseMediaType(header);
  } catch {
    return { ok: false, status: 400, detail: 'the Content-Type header cannot be parsed' };
  }
  if (media.type !== 'multipart/related')
    return { ok: false, status: 415, detail: `only multipart/related; type="${DICOM}" is stored` };
  const type = media.parameters.type?.toLowerCase();
  // RFC 2387 makes `type` required; an absent one is taken as application/dicom, each part checked on its own.
  if (type !== undefined && type !== DICOM)
    return {
      ok: false,
      status: 415,
      detail: `only PS3.10 instances (type="${DICOM}") are stored, not metadata with bulk data`,
    };
  const boundary = media.parameters.boundary;
  if (!boundary) return { ok: false, status: 400, detail: 'the multipart Content-Type has no boundary' };
  return { ok: true, boundary };
}

export interface RelatedPart {
  /** 1-based, in request order. */
  number: number;
  /** The part's own Content-Type header, as sent (undefined: the root `type`). */
  contentType: string | undefined;
  bytes: Buffer;
}

export type Split =
  | { ok: true; parts: RelatedPart[] }
  /** `part`: the 1-based part the body stops making sense at. `detail` names the fault, never content. */
  | { ok: false; part: number; detail: string };

const CRLF = Buffer.from('\r\n');

/** Where the first delimiter starts: at the very beginning, or after a preamble ending in CRLF. */
function firstDelimiter(body: Buffer, boundary: string): number {
  const dash = Buffer.from(`--${boundary}`, 'latin1');
  if (body.subarray(0, dash.length).equals(dash)) return 0;
  const at = body.indexOf(Buffer.concat([CRLF, dash]));
  return at < 0 ? -1 : at + CRLF.length;
}

/** The part's bytes as one Buffer; the parser's chunks are views of the body, so one chunk costs no copy. */
function joined(chunks: readonly Uint8Array[]): Buffer {
  const [only] = chunks;
  if (chunks.length === 1 && only) return Buffer.from(only.buffer, only.byteOffset, only.byteLength);
  return Buffer.concat(chunks);
}

function why(error: unknown): string {
  if (error instanceof MaxPartsExceededError) return `more than ${MAX_PARTS} parts`;
  if (error instanceof MaxHeaderSizeExceededError) return `part headers over ${MAX_PART_HEADER_BYTES} bytes`;
  if (error instanceof MultipartParseError)
    return /not finished/.test(error.message)
      ? 'the part is not closed by a delimiter (no closing boundary)'
      : 'the multipart structure is malformed';
  // The parser decodes part headers as strict UTF-8.
  if (error instanceof TypeError) return 'the part headers are not valid UTF-8';
  throw error;
}

/** Splits a whole multipart body into its parts, or says at which part it is malformed. */
export function splitRelated(body: Buffer, boundary: string): Split {
  const start = firstDelimiter(body, boundary);
  if (start < 0) return { ok: false, part: 1, detail: 'no delimiter with the declared boundary' };
  const parts: RelatedPart[] = [];
  try {
    const message = body.subarray(start);
    const limits = { maxFileSize: message.length, maxTotalSize: message.length };
    for (const p of parseMultipart(message, {
      boundary,
      maxHeaderSize: MAX_PART_HEADER_BYTES,
      maxParts: MAX_PARTS,
      ...limits,
    })) {
      parts.push({
        number: parts.length + 1,
        contentType: p.headers['content-type'],
        bytes: joined(p.content),
      });
    }
  } catch (error) {
    return { ok: false, part: parts.length + 1, detail: why(error) };
  }
  return { ok: true, parts };
}

/** Whether a part's own Content-Type (absent: the root type) is application/dicom; transfer-syntax etc. ignored. */
export function isDicomPart(contentType: string | undefined): boolean {
  if (contentType === undefined) return true;
  try {
    return parseMediaType(contentType).type === DICOM;
  } catch {
    return false;
  }
}
