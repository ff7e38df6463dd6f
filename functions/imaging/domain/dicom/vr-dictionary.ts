/**
 * Tag → VR for the standard data dictionary, needed to read implicit-VR datasets and to pick the
 * dummy value of a D action. Generated from dcmtk's `dicom.dic` (libdcmtk17, /usr/share/libdcmtk17/dicom.dic):
 * exact tags only (repeating groups 50xx/60xx are resolved in code); context-dependent VRs
 * ("US or SS", "OB or OW") take the first choice, as dcmtk does for implicit VR.
 */

import { BY_VR } from './vr-table.ts';

const dictionary = new Map<number, string>();
for (const [vr, tags] of Object.entries(BY_VR)) {
  for (const hex of tags.split(/\s+/)) if (hex) dictionary.set(Number.parseInt(hex, 16), vr);
}

/** The dictionary VR of a tag, or undefined for private and unknown tags. */
export function dictionaryVr(tag: number): string | undefined {
  const vr = dictionary.get(tag);
  if (vr) return vr;
  const group = tag >>> 16;
  // Repeating groups: curves (50xx) and overlays (60xx) share one definition per element.
  if ((group & 0xff00) === 0x5000 || (group & 0xff00) === 0x6000)
    return dictionary.get(((group & 0xff00) << 16) | (tag & 0xffff)) ?? repeating(tag);
  return undefined;
}

function repeating(tag: number): string | undefined {
  const group = tag >>> 16;
  const element = tag & 0xffff;
  if ((group & 0xff00) === 0x6000) return OVERLAY_VR[element];
  return element === 0x3000 ? 'OW' : undefined;
}

// The overlay module (PS3.3 C.9.2), whose group is 6000-601E even.
const OVERLAY_VR: Record<number, string> = {
  16: 'US',
  17: 'US',
  21: 'IS',
  34: 'LO',
  64: 'CS',
  69: 'LO',
  80: 'SS',
  81: 'US',
  82: 'US',
  256: 'US',
  258: 'US',
  4097: 'CS',
  4352: 'US',
  4353: 'US',
  4354: 'US',
  4355: 'US',
  4865: 'IS',
  4866: 'DS',
  4867: 'DS',
  5376: 'LO',
  12288: 'OW',
  16384: 'LT',
};
