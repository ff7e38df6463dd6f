// Detects an upload's format from its first bytes only (never the file name): Part 10 DICOM, a
// bare DICOM dataset, JPEG or PNG. Anything else is `unknown` and goes to quarantine.

/** How many leading bytes callers should read and pass to detectFormat. */
export const SNIFF_BYTES = 1024;

export type DetectedFormat = 'dicom' | 'dicom-raw' | 'jpeg' | 'png' | 'unknown';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const DICM = Buffer.from('DICM', 'latin1');
const VRS = new Set(
  'AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(
    ' ',
  ),
);
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
/** Groups a dataset may plausibly open with: file meta, identifying, patient. */
const FIRST_GROUPS = new Set([0x0002, 0x0008, 0x0010]);
const UNDEFINED = 0xffffffff;

type Encoding = 'implicit-le' | 'explicit-le' | 'explicit-be';

/**
 * Walks elements from offset 0 in one encoding and reports whether they look like DICOM: the first
 * group is 0002/0008/0010, tags strictly ascending, valid VRs and zero reserved bytes (explicit).
 * Succeeds after two sound elements (or one followed by an undefined-length sequence).
 */
function plausibleDataset(head: Buffer, encoding: Encoding): boolean {
  const bigEndian = encoding === 'explicit-be';
  const u16 = (at: number) => (bigEndian ? head.readUInt16BE(at) : head.readUInt16LE(at));
  const u32 = (at: number) => (bigEndian ? head.readUInt32BE(at) : head.readUInt32LE(at));
  let at = 0;
  let previous = -1;
  let sound = 0;
  while (at + 8 <= head.length) {
    const group = u16(at);
    const tag = group * 0x10000 + u16(at + 2);
    if (tag <= previous || (previous === -1 && !FIRST_GROUPS.has(group))) return false;
    let length: number;
    let headerSize = 8;
    if (encoding === 'implicit-le') length = u32(at + 4);
    else {
      const vr = head.toString('latin1', at + 4, at + 6);
      if (!VRS.has(vr)) return false;
      if (LONG_VRS.has(vr)) {
        if (at + 12 > head.length) return sound >= 1;
        if (u16(at + 6) !== 0) return false;
        length = u32(at + 8);
        headerSize = 12;
      } else length = u16(at + 6);
    }
    if (length === UNDEFINED) return sound >= 1;
    previous = tag;
    sound++;
    at += headerSize + length;
    if (sound >= 2) return true;
  }
  // One element whose value runs past the sniffed bytes is too weak a signal: real datasets open
  // with short group 0008 values.
  return false;
}

/** Detects the format of an upload from its first ≤ SNIFF_BYTES bytes. */
export function detectFormat(head: Buffer): DetectedFormat {
  if (head.length >= 132 && head.subarray(128, 132).equals(DICM)) return 'dicom';
  if (head.length >= 8 && head.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  if (
    head.length >= 4 &&
    head[0] === 0xff &&
    head[1] === 0xd8 &&
    head[2] === 0xff &&
    (head[3] ?? 0) >= 0xc0
  ) {
    return 'jpeg';
  }
  if (head.length < 8) return 'unknown';
  // File meta without the 128-byte preamble: the file starts right at (0002,0000).
  if (head.readUInt16LE(0) === 0x0002 && plausibleDataset(head, 'explicit-le')) return 'dicom';
  for (const encoding of ['implicit-le', 'explicit-le', 'explicit-be'] as const) {
    if (plausibleDataset(head, encoding)) return 'dicom-raw';
  }
  return 'unknown';
}
