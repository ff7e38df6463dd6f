import { describe, expect, it } from 'vitest';
import {
  acceptsDicomJson,
  framePlan,
  instanceSyntaxes,
  parseAccept,
  prefersSinglePart,
  renderedType,
  servesAs,
} from './media-types.ts';

const EXPLICIT = '1.2.840.10008.1.2.1';
const IMPLICIT = '1.2.840.10008.1.2';
const JPEG = '1.2.840.10008.1.2.4.50';

describe('parseAccept', () => {
  it('orders ranges by q, keeping the header order among equals, and drops q=0', () => {
    const e = parseAccept('image/png;q=0.5, multipart/related; type="application/dicom", image/gif;q=0');
    expect(e.map((x) => x.type)).toEqual(['multipart/related', 'image/png']);
    expect(e[0]?.params.type).toBe('application/dicom');
  });
  it('reads no header as */*, and a header of nothing acceptable as nothing', () => {
    expect(parseAccept(undefined)).toEqual([{ type: '*/*', params: {}, q: 1 }]);
    expect(parseAccept('garbage')).toEqual([]);
  });
});

describe('instance retrieval', () => {
  it('defaults to Explicit VR Little Endian, takes * as "as stored", and refuses other root types', () => {
    expect(instanceSyntaxes(parseAccept('multipart/related; type="application/dicom"'), false)).toEqual([
      EXPLICIT,
    ]);
    expect(
      instanceSyntaxes(parseAccept('multipart/related; type="application/dicom"; transfer-syntax=*'), false),
    ).toEqual(['*']);
    expect(instanceSyntaxes(parseAccept('multipart/related; type="application/dicom+xml"'), false)).toEqual(
      [],
    );
    expect(instanceSyntaxes(parseAccept('application/dicom'), false)).toEqual([]);
    expect(instanceSyntaxes(parseAccept('application/dicom'), true)).toEqual([EXPLICIT]);
  });
  it('serves as stored only', () => {
    expect(servesAs('*', JPEG)).toBe(true);
    expect(servesAs(EXPLICIT, EXPLICIT)).toBe(true);
    expect(servesAs(EXPLICIT, IMPLICIT)).toBe(false);
  });
  it('sees a bare application/dicom asked before multipart', () => {
    expect(prefersSinglePart(parseAccept('application/dicom, multipart/related'))).toBe(true);
    expect(prefersSinglePart(parseAccept('multipart/related; type="application/dicom"'))).toBe(false);
  });
});

describe('framePlan', () => {
  const octet = parseAccept('multipart/related; type="application/octet-stream"');
  it('sends native frames as octet-stream in Explicit VR Little Endian', () => {
    expect(framePlan(octet, IMPLICIT, true)).toEqual({
      mediaType: 'application/octet-stream',
      transferSyntaxUid: EXPLICIT,
      decode: false,
    });
  });
  it('decodes compressed frames for octet-stream when it can, else refuses', () => {
    expect(framePlan(octet, JPEG, true)?.decode).toBe(true);
    expect(framePlan(octet, JPEG, false)).toBeUndefined();
  });
  it('sends compressed frames as stored under their media type when asked so', () => {
    const asStored = { mediaType: 'image/jpeg', transferSyntaxUid: JPEG, decode: false };
    expect(framePlan(parseAccept('multipart/related; type="image/jpeg"'), JPEG, false)).toEqual(asStored);
    expect(
      framePlan(
        parseAccept('multipart/related; type="application/octet-stream"; transfer-syntax=*'),
        JPEG,
        false,
      ),
    ).toEqual(asStored);
    expect(framePlan(parseAccept('*/*'), JPEG, false)).toEqual(asStored);
    expect(framePlan(parseAccept('multipart/related; type="image/jp2"'), JPEG, true)).toBeUndefined();
  });
  it('does not send big-endian native frames', () => {
    expect(framePlan(octet, '1.2.840.10008.1.2.2', true)).toBeUndefined();
  });
});

describe('metadata and rendered', () => {
  it('accepts DICOM JSON or JSON', () => {
    expect(acceptsDicomJson(parseAccept('application/dicom+json'))).toBe(true);
    expect(acceptsDicomJson(parseAccept('application/json'))).toBe(true);
    expect(acceptsDicomJson(parseAccept('multipart/related; type="application/dicom+xml"'))).toBe(false);
  });
  it('renders JPEG by default, PNG when asked, nothing else', () => {
    expect(renderedType(parseAccept(undefined))).toBe('image/jpeg');
    expect(renderedType(parseAccept('image/png'))).toBe('image/png');
    expect(renderedType(parseAccept('image/gif'))).toBeUndefined();
  });
});
