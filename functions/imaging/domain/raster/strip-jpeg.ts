// Streams a JPEG through, dropping every metadata segment: only the coding segments (SOF, DHT,
// DQT, DRI, DAC, DNL, EXP, DHP, SOS + entropy-coded data) survive byte-identical, plus a minimal
// JFIF APP0 (thumbnail removed) and the Adobe APP14 colour-transform flag.
//
// Decisions (fail closed):
// - ICC profiles (APP2) are dropped: their 'desc'/'cprt' tags are free text; images fall back to
//   the sRGB assumption, which changes nothing for grey clinical images.
// - EXIF (APP1) goes entirely, orientation included: pixels are untouched, so a rotated photo may
//   display rotated.
// - Any marker that is neither a known coding segment nor APPn/COM is rejected (`malformed-jpeg`):
//   an unknown segment could carry text. So are RSTn outside a scan, a second SOI or SOF.
// - Fill bytes (0xFF padding before markers) are not copied; bytes after EOI are read and dropped
//   (some cameras append data there).
// - On failure the output has been partly written and NOT ended: the caller discards it.
import type { Readable, Writable } from 'node:stream';
import { ByteSink, ByteSource, fail } from './byte-source.ts';
import type { RasterInfo } from './raster-error.ts';

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const TEM = 0x01;
const APP0 = 0xe0;
const APP14 = 0xee;
/** Table/misc segments copied as they are: DHT, DAC, DQT, DNL, DRI, DHP, EXP. */
const CODING_SEGMENTS = new Set([0xc4, 0xcc, 0xdb, 0xdc, 0xdd, 0xde, 0xdf]);
/** SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
const isStartOfFrame = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
const isRestart = (m: number) => m >= 0xd0 && m <= 0xd7;
const isMetadata = (m: number) => (m >= 0xe0 && m <= 0xef) || m === 0xfe;

interface State {
  frame?: RasterInfo;
  scans: number;
  jfif: boolean;
  adobe: boolean;
}

const hex = (m: number) => `0xFF${m.toString(16).toUpperCase().padStart(2, '0')}`;

function segmentBytes(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** Reads the next marker outside entropy-coded data, skipping fill bytes. */
async function nextMarker(source: ByteSource): Promise<number> {
  const first = (await source.take(1, 'marker'))[0];
  if (first !== 0xff) fail('malformed-jpeg', 'expected a marker between segments');
  for (;;) {
    const code = (await source.take(1, 'marker'))[0] ?? 0;
    if (code !== 0xff) return code;
  }
}

/**
 * Copies entropy-coded data (with stuffed FF00 and RSTn inside) until the next real marker,
 * which it consumes and returns.
 */
async function copyScan(source: ByteSource, sink: ByteSink): Promise<number> {
  for (;;) {
    const buf = await source.available();
    if (buf.length === 0) fail('truncated', 'input ended inside entropy-coded data');
    let at = 0;
    let end = buf.length;
    let marker = -1;
    for (;;) {
      const ff = buf.indexOf(0xff, at);
      if (ff === -1) break;
      if (ff + 1 >= buf.length) {
        end = ff; // the byte after FF is in the next chunk
        break;
      }
      const next = buf[ff + 1] ?? 0;
      if (next === 0x00 || isRestart(next)) {
        at = ff + 2;
        continue;
      }
      end = ff;
      marker = next;
      break;
    }
    if (end > 0) {
      await sink.write(buf.subarray(0, end));
      source.consume(end);
    }
    if (marker === 0xff)
      source.consume(1); // a fill byte before a marker
    else if (marker >= 0) {
      source.consume(2);
      return marker;
    } else if (end === 0 && !(await source.fill(2)))
      fail('truncated', 'input ended inside entropy-coded data');
  }
}

function readFrame(marker: number, payload: Buffer): RasterInfo {
  const components = payload[5] ?? 0;
  if (payload.length < 6 || components === 0 || payload.length !== 6 + 3 * components) {
    fail('malformed-jpeg', `bad ${hex(marker)} (start of frame) segment`);
  }
  const width = payload.readUInt16BE(3);
  if (width === 0) fail('malformed-jpeg', 'zero image width');
  return { format: 'jpeg', width, height: payload.readUInt16BE(1), components };
}

/** Decides what replaces one marker segment in the output: its bytes, a minimal rewrite, or nothing. */
function keep(marker: number, payload: Buffer, state: State): Buffer | undefined {
  if (
    marker === APP0 &&
    !state.jfif &&
    payload.length >= 14 &&
    payload.subarray(0, 5).toString('latin1') === 'JFIF\0'
  ) {
    state.jfif = true;
    // Version, density units, X/Y density; thumbnail size forced to 0×0 and its pixels dropped.
    return segmentBytes(APP0, Buffer.concat([payload.subarray(0, 12), Buffer.from([0, 0])]));
  }
  if (
    marker === APP14 &&
    !state.adobe &&
    payload.length >= 12 &&
    payload.subarray(0, 5).toString('latin1') === 'Adobe'
  ) {
    state.adobe = true;
    // 'Adobe', version, flags0, flags1, colour transform: twelve bytes of numbers, no text.
    return segmentBytes(APP14, payload.subarray(0, 12));
  }
  if (isMetadata(marker)) return undefined;
  if (isStartOfFrame(marker)) {
    if (state.frame) fail('malformed-jpeg', 'more than one start of frame');
    state.frame = readFrame(marker, payload);
    return segmentBytes(marker, payload);
  }
  if (marker === 0xdc && state.frame && state.frame.height === 0 && payload.length === 2) {
    state.frame.height = payload.readUInt16BE(0); // DNL defines the height after the first scan
  }
  if (CODING_SEGMENTS.has(marker)) return segmentBytes(marker, payload);
  if (marker === SOS) {
    const count = payload[0] ?? 0;
    if (!state.frame) fail('malformed-jpeg', 'start of scan before start of frame');
    if (count < 1 || count > 4 || payload.length !== 4 + 2 * count)
      fail('malformed-jpeg', 'bad start of scan');
    state.scans++;
    return segmentBytes(marker, payload);
  }
  return fail('malformed-jpeg', `unsupported marker ${hex(marker)}`);
}

/**
 * Copies a JPEG from `input` to `output` without metadata segments, ending `output` on success.
 * Rejects with a RasterError (`truncated`, `malformed-jpeg`) and leaves `output` un-ended otherwise.
 */
export async function stripJpeg(input: Readable, output: Writable): Promise<RasterInfo> {
  const source = new ByteSource(input);
  const sink = new ByteSink(output);
  const soi = await source.take(2, 'start of image');
  if (soi[0] !== 0xff || soi[1] !== SOI) fail('malformed-jpeg', 'missing start of image');
  await sink.write(soi);
  const state: State = { scans: 0, jfif: false, adobe: false };
  let marker = await nextMarker(source);
  for (;;) {
    if (marker === EOI) {
      if (!state.frame || state.scans === 0) fail('malformed-jpeg', 'image ended before any scan');
      await sink.write(Buffer.from([0xff, EOI]));
      await source.drain();
      await sink.finish();
      return state.frame;
    }
    if (marker === TEM) {
      marker = await nextMarker(source);
      continue;
    }
    if (marker === SOI || marker === 0x00 || isRestart(marker))
      fail('malformed-jpeg', `unexpected ${hex(marker)}`);
    const length = (await source.take(2, 'segment length')).readUInt16BE(0);
    if (length < 2) fail('malformed-jpeg', `bad length in ${hex(marker)}`);
    const payload = await source.take(length - 2, `segment ${hex(marker)}`);
    const kept = keep(marker, payload, state);
    if (kept) await sink.write(kept);
    marker = marker === SOS ? await copyScan(source, sink) : await nextMarker(source);
  }
}
