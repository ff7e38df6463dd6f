/** Transfer syntaxes and element header encoding (PS3.5 §7): the byte-level rules shared by parser and encoder. */
import { reject } from './reject.ts';

export interface Syntax {
  explicit: boolean;
  littleEndian: boolean;
}

export const IMPLICIT_LE: Syntax = { explicit: false, littleEndian: true };
export const EXPLICIT_LE: Syntax = { explicit: true, littleEndian: true };
export const EXPLICIT_BE: Syntax = { explicit: true, littleEndian: false };

export const TS = {
  implicitLE: '1.2.840.10008.1.2',
  explicitLE: '1.2.840.10008.1.2.1',
  deflatedLE: '1.2.840.10008.1.2.1.99',
  explicitBE: '1.2.840.10008.1.2.2',
} as const;

/** The dataset encoding of a transfer syntax; every compressed syntax encodes its dataset explicit LE. */
export function syntaxOf(transferSyntaxUid: string): Syntax {
  if (transferSyntaxUid === TS.implicitLE) return IMPLICIT_LE;
  if (transferSyntaxUid === TS.explicitBE) return EXPLICIT_BE;
  if (transferSyntaxUid === TS.deflatedLE) {
    return reject('unsupported-transfer-syntax', 'deflated datasets are not accepted; send them inflated');
  }
  if (transferSyntaxUid === TS.explicitLE || transferSyntaxUid.startsWith('1.2.840.10008.1.2.'))
    return EXPLICIT_LE;
  return reject('unsupported-transfer-syntax', 'transfer syntax is not a DICOM one');
}

/** VRs whose explicit header has 2 reserved bytes and a 32-bit length. */
export const LONG_VR = new Set([
  'OB',
  'OD',
  'OF',
  'OL',
  'OV',
  'OW',
  'SQ',
  'SV',
  'UC',
  'UN',
  'UR',
  'UT',
  'UV',
]);
export const UNDEFINED_LENGTH = 0xffffffff;
export const ITEM = 0xfffee000;
export const ITEM_END = 0xfffee00d;
export const SEQUENCE_END = 0xfffee0dd;

/** Text VRs padded with a space; UI is padded with NUL, binary VRs with a zero byte. */
export const TEXT_VR = new Set([
  'AE',
  'AS',
  'CS',
  'DA',
  'DS',
  'DT',
  'IS',
  'LO',
  'LT',
  'PN',
  'SH',
  'ST',
  'TM',
  'UC',
  'UR',
  'UT',
]);
export const padByte = (vr: string) => (TEXT_VR.has(vr) ? 0x20 : 0);

/** Encodes a tag + VR + length header. */
export function encodeHeader(tag: number, vr: string, length: number, syntax: Syntax): Buffer {
  const le = syntax.littleEndian;
  const isItem = tag >>> 16 === 0xfffe;
  const long = !syntax.explicit || isItem || LONG_VR.has(vr);
  const out = Buffer.alloc(syntax.explicit && !isItem && long ? 12 : 8);
  if (le) {
    out.writeUInt16LE(tag >>> 16, 0);
    out.writeUInt16LE(tag & 0xffff, 2);
  } else {
    out.writeUInt16BE(tag >>> 16, 0);
    out.writeUInt16BE(tag & 0xffff, 2);
  }
  if (!syntax.explicit || isItem) {
    if (le) out.writeUInt32LE(length >>> 0, 4);
    else out.writeUInt32BE(length >>> 0, 4);
    return out;
  }
  out.write(vr, 4, 'latin1');
  if (long) {
    if (le) out.writeUInt32LE(length >>> 0, 8);
    else out.writeUInt32BE(length >>> 0, 8);
  } else if (le) out.writeUInt16LE(length, 6);
  else out.writeUInt16BE(length, 6);
  return out;
}
