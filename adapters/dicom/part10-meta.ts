/**
 * The PS3.10 file preamble and File Meta Information (group 0002, always Explicit VR Little Endian) the
 * adapter writes in front of each received data set, so a spooled instance is a Part 10 file as STOW-RS
 * wants it. Its UIDs come from the C-STORE command and the accepted presentation context.
 */

/** The adapter's Implementation Class UID (a UUID-derived 2.25 UID) and version name (≤ 16 chars). */
export const ADAPTER_IMPLEMENTATION_CLASS_UID = '2.25.27167998229084032759156974709918830080';
export const ADAPTER_IMPLEMENTATION_VERSION = 'SALUDTECH_DIMSE1';

export interface MetaFields {
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  /** (0002,0016) Source Application Entity Title: the calling AE the instance came from. */
  sourceAeTitle?: string;
}

/** One explicit VR LE element; values are padded to even length (NUL for UI, space for text). */
function element(group: number, elem: number, vr: string, value: Buffer): Buffer {
  const pad = value.length % 2 === 1 ? Buffer.from([vr === 'UI' || vr === 'OB' ? 0 : 0x20]) : Buffer.alloc(0);
  const v = Buffer.concat([value, pad]);
  const long = vr === 'OB';
  const head = Buffer.alloc(long ? 12 : 8);
  head.writeUInt16LE(group, 0);
  head.writeUInt16LE(elem, 2);
  head.write(vr, 4, 'latin1');
  if (long) head.writeUInt32LE(v.length, 8);
  else head.writeUInt16LE(v.length, 6);
  return Buffer.concat([head, v]);
}

const text = (s: string) => Buffer.from(s.replace(/[\0 ]+$/, ''), 'latin1');

/** Preamble (128 zero bytes), `DICM` and the meta group with its group length. */
export function part10Header(m: MetaFields): Buffer {
  const body = Buffer.concat([
    element(0x0002, 0x0001, 'OB', Buffer.from([0, 1])),
    element(0x0002, 0x0002, 'UI', text(m.sopClassUid)),
    element(0x0002, 0x0003, 'UI', text(m.sopInstanceUid)),
    element(0x0002, 0x0010, 'UI', text(m.transferSyntaxUid)),
    element(0x0002, 0x0012, 'UI', text(ADAPTER_IMPLEMENTATION_CLASS_UID)),
    element(0x0002, 0x0013, 'SH', text(ADAPTER_IMPLEMENTATION_VERSION)),
    ...(m.sourceAeTitle ? [element(0x0002, 0x0016, 'AE', text(m.sourceAeTitle.trim()))] : []),
  ]);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(body.length);
  return Buffer.concat([
    Buffer.alloc(128),
    Buffer.from('DICM', 'latin1'),
    element(0x0002, 0x0000, 'UL', groupLength),
    body,
  ]);
}
