/**
 * The Store Instances Response (PS3.18 §10.5.3 and Annex I): its HTTP status and its Store Instances Response
 * Module, rendered as DICOM JSON (PS3.18 Annex F) or as the Native DICOM Model XML (PS3.19 Annex A).
 *
 * "Stored" here means written to the center's ingest folder, where the anonymize pipeline takes each file.
 * The de-identified copy gets new Study, Series and SOP Instance UIDs, assigned only when it is made, so no
 * Retrieve URL can be given at this point: Retrieve URL (type 2) is sent empty, at the top level and in each
 * Referenced SOP Sequence item. What became of each file is read at `GET /uploads/{uploadId}`.
 */

/** Failure Reason (0008,1197) values: PS3.18 Table I.2-2, plus the two below it leaves to implementations. */
export const FailureReason = {
  /** A7xx: the write to ingest was refused for lack of resources (throttled, unavailable). */
  outOfResources: 0xa700,
  /** A9xx: the instance lacks what any composite SOP Class needs (SOP Class, SOP Instance, Study UIDs). */
  dataSetDoesNotMatchSopClass: 0xa900,
  /** Cxxx: not application/dicom, not PS3.10, or unparseable. */
  cannotUnderstand: 0xc000,
  /** C122: a transfer syntax the anonymizer does not take (deflated, or not a DICOM one). */
  transferSyntaxNotSupported: 0xc122,
  /** 0110: the write to ingest failed otherwise. */
  processingFailure: 0x0110,
  /** 0111 (PS3.7 "Duplicate SOP Instance"): the same SOP Instance UID in an earlier part of the request. */
  duplicateSopInstance: 0x0111,
  /** C409 (implementation specific, as dcm4chee uses it): not in the study `/studies/{study}` names. */
  studyInstanceUidMismatch: 0xc409,
} as const;

/** Warning Reason (0008,1196) B000 "Coercion of Data Elements": every stored copy is de-identified. */
export const COERCION_OF_DATA_ELEMENTS = 0xb000;

/** One part's outcome, in request order. A refused part's UIDs are absent when they could not be read. */
export type PartOutcome =
  | { stored: true; sopClassUid: string; sopInstanceUid: string }
  | { stored: false; sopClassUid?: string; sopInstanceUid?: string; reason: number };

/** 200 all stored, 202 some, 409 none (PS3.18 Table 10.5.3-1). */
export function stowStatus(outcomes: readonly PartOutcome[]): 200 | 202 | 409 {
  const stored = outcomes.filter((o) => o.stored).length;
  if (stored === 0) return 409;
  return stored === outcomes.length ? 200 : 202;
}

/** A DICOM attribute of the response: enough of the model for these few tags. */
interface Attribute {
  tag: string;
  vr: 'UR' | 'UI' | 'US' | 'SQ';
  keyword: string;
  /** Absent: the attribute is present with no value (type 2). */
  value?: string | number | Attribute[][];
}

const uidAttr = (tag: string, keyword: string, value?: string): Attribute => ({
  tag,
  vr: 'UI',
  keyword,
  ...(value === undefined ? {} : { value }),
});
const retrieveUrl = (): Attribute => ({ tag: '00081190', vr: 'UR', keyword: 'RetrieveURL' });

/** SOP Instance Reference Macro (PS3.3 Table 10-11). Unknown UIDs (an unreadable part) are sent empty. */
const reference = (o: PartOutcome): Attribute[] => [
  uidAttr('00081150', 'ReferencedSOPClassUID', o.sopClassUid),
  uidAttr('00081155', 'ReferencedSOPInstanceUID', o.sopInstanceUid),
];

/** The Store Instances Response Module's attributes, in tag order. */
function module(outcomes: readonly PartOutcome[]): Attribute[] {
  const failed = outcomes.filter((o) => !o.stored);
  const stored = outcomes.filter((o) => o.stored);
  return [
    retrieveUrl(),
    ...(failed.length > 0
      ? [
          {
            tag: '00081198',
            vr: 'SQ',
            keyword: 'FailedSOPSequence',
            value: failed.map((o) => [
              ...reference(o),
              { tag: '00081197', vr: 'US', keyword: 'FailureReason', value: o.reason },
            ]),
          } satisfies Attribute,
        ]
      : []),
    ...(stored.length > 0
      ? [
          {
            tag: '00081199',
            vr: 'SQ',
            keyword: 'ReferencedSOPSequence',
            value: stored.map((o) => [
              ...reference(o),
              retrieveUrl(),
              { tag: '00081196', vr: 'US', keyword: 'WarningReason', value: COERCION_OF_DATA_ELEMENTS },
            ]),
          } satisfies Attribute,
        ]
      : []),
  ];
}

export type DicomJson = { [tag: string]: { vr: string; Value?: unknown[] } };

function toJson(attributes: readonly Attribute[]): DicomJson {
  const out: DicomJson = {};
  for (const a of attributes) {
    if (a.value === undefined) out[a.tag] = { vr: a.vr };
    else if (Array.isArray(a.value)) out[a.tag] = { vr: a.vr, Value: a.value.map(toJson) };
    else out[a.tag] = { vr: a.vr, Value: [a.value] };
  }
  return out;
}

const escapeXml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );

function toXml(attributes: readonly Attribute[], indent: string): string {
  return attributes
    .map((a) => {
      const open = `${indent}<DicomAttribute tag="${a.tag}" vr="${a.vr}" keyword="${a.keyword}"`;
      if (a.value === undefined) return `${open}/>`;
      const inner = Array.isArray(a.value)
        ? a.value
            .map(
              (item, i) =>
                `${indent}  <Item number="${i + 1}">\n${toXml(item, `${indent}    `)}\n${indent}  </Item>`,
            )
            .join('\n')
        : `${indent}  <Value number="1">${escapeXml(String(a.value))}</Value>`;
      return `${open}>\n${inner}\n${indent}</DicomAttribute>`;
    })
    .join('\n');
}

/** The response body as `application/dicom+json`. */
export const storeResponseJson = (outcomes: readonly PartOutcome[]): DicomJson => toJson(module(outcomes));

/** The response body as `application/dicom+xml` (PS3.19 Native DICOM Model). */
export const storeResponseXml = (outcomes: readonly PartOutcome[]): string =>
  [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<NativeDicomModel xmlns="http://dicom.nema.org/PS3.19/models/NativeDICOM" xml:space="preserve">',
    toXml(module(outcomes), '  '),
    '</NativeDicomModel>',
    '',
  ].join('\n');
