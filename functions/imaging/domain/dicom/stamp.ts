/**
 * The attributes that record what was done (PS3.15 E.1.1, PS3.3 C.7.1.1): PatientIdentityRemoved,
 * DeidentificationMethod, the De-identification Method Code Sequence with CID 7050 codes for the
 * profile and each option applied, and LongitudinalTemporalInformationModified.
 */
import type { Dataset, Element } from './dataset.ts';
import { PROFILE_VERSION, type ProfileOptions } from './profile.ts';

const CODES: Record<string, string> = {
  '113100': 'Basic Application Confidentiality Profile',
  '113101': 'Clean Pixel Data Option',
  '113105': 'Clean Descriptors Option',
  '113107': 'Retain Longitudinal Temporal Information Modified Dates Option',
  '113108': 'Retain Patient Characteristics Option',
  '113109': 'Retain Device Identity Option',
  '113111': 'Retain Safe Private Option',
};

const str = (tag: number, vr: string, value: string): Element => ({
  tag,
  vr,
  value: Buffer.from(value, 'latin1'),
});

/** The CID 7050 codes for a set of options (and pixel cleaning, when done), the Basic Profile first. */
export function methodCodes(options: ProfileOptions, cleanPixelData = false): string[] {
  const codes = ['113100'];
  if (cleanPixelData) codes.push('113101');
  if (options.cleanDescriptors) codes.push('113105');
  if (options.retainLongitudinalModifiedDates) codes.push('113107');
  if (options.retainPatientCharacteristics) codes.push('113108');
  if (options.retainDeviceIdentity) codes.push('113109');
  if (options.retainSafePrivate.length > 0) codes.push('113111');
  return codes;
}

const built = [new WeakMap<ProfileOptions, Dataset>(), new WeakMap<ProfileOptions, Dataset>()];

/**
 * The elements to add to the top-level dataset (they replace any the input carried); a fresh list.
 * With `cleanPixelData`, the Clean Pixel Data Option code and BurnedInAnnotation NO.
 */
export function deidentificationElements(options: ProfileOptions, cleanPixelData = false): Dataset {
  // Built once per options object: its elements are never mutated, only the list is.
  const memo = built[cleanPixelData ? 1 : 0] as WeakMap<ProfileOptions, Dataset>;
  let elements = memo.get(options);
  if (!elements) {
    elements = buildElements(options, cleanPixelData);
    memo.set(options, elements);
  }
  return [...elements];
}

function buildElements(options: ProfileOptions, cleanPixelData: boolean): Dataset {
  const codes = methodCodes(options, cleanPixelData);
  const items = codes.map((code) => [
    str(0x00080100, 'SH', code),
    str(0x00080102, 'SH', 'DCM'),
    str(0x00080104, 'LO', CODES[code] as string),
  ]);
  return [
    str(0x00120062, 'CS', 'YES'),
    str(0x00120063, 'LO', `SaludTech ${PROFILE_VERSION} ${codes.join(' ')}`.slice(0, 64)),
    { tag: 0x00120064, vr: 'SQ', items },
    ...(cleanPixelData ? [str(0x00280301, 'CS', 'NO')] : []),
    str(0x00280303, 'CS', options.retainLongitudinalModifiedDates ? 'MODIFIED' : 'REMOVED'),
  ];
}
