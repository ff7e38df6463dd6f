/**
 * Tag → keyword for the attributes a residual-PHI finding can name (text, date/time, UID and sequence
 * VRs), so a finding says `(0010,0010) PatientName` and never a value. Generated from dcmtk's
 * `dicom.dic` (the table is keyword-table.ts). Other tags are named by tag alone.
 */

import { KEYWORDS } from './keyword-table.ts';

let byTag: Map<number, string> | undefined;

/** The standard keyword of a tag, if it is one the table above lists. */
export function keywordOf(tag: number): string | undefined {
  if (!byTag) {
    byTag = new Map();
    for (const line of KEYWORDS.split('\n')) {
      const space = line.indexOf(' ');
      if (space > 0) byTag.set(Number.parseInt(line.slice(0, space), 16), line.slice(space + 1));
    }
  }
  return byTag.get(tag >>> 0);
}

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');

/** `(0010,0010) PatientName`, or `(0029,1001) private` / `(gggg,eeee)` when no keyword is known. */
export function describeTag(tag: number): string {
  const group = tag >>> 16;
  const at = `(${hex4(group)},${hex4(tag & 0xffff)})`;
  if (group & 1) return `${at} private`;
  const keyword = keywordOf(tag);
  return keyword ? `${at} ${keyword}` : at;
}
