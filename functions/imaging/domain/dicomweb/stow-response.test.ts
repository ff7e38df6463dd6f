import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { StoreInstancesResponse } from '../../../../schemas/imaging/v1/stow-response.view.ts';
import {
  COERCION_OF_DATA_ELEMENTS,
  FailureReason,
  type PartOutcome,
  storeResponseJson,
  storeResponseXml,
  stowStatus,
} from './stow-response.ts';

const CT = '1.2.840.10008.5.1.4.1.1.2';
const stored = (n: number): PartOutcome => ({ stored: true, sopClassUid: CT, sopInstanceUid: `1.2.3.${n}` });
const mismatch: PartOutcome = {
  stored: false,
  sopClassUid: CT,
  sopInstanceUid: '1.2.3.9',
  reason: FailureReason.studyInstanceUidMismatch,
};
const unreadable: PartOutcome = { stored: false, reason: FailureReason.cannotUnderstand };

describe('the Store Instances Response status', () => {
  it('is 200 when every part was stored, 202 when some were, 409 when none was (PS3.18 Table 10.5.3-1)', () => {
    expect(stowStatus([stored(1), stored(2)])).toBe(200);
    expect(stowStatus([stored(1), unreadable])).toBe(202);
    expect(stowStatus([unreadable, mismatch])).toBe(409);
  });
});

describe('the Store Instances Response Module as DICOM JSON', () => {
  it('lists stored instances with an empty Retrieve URL and a coercion warning, refusals with their reason', () => {
    const json = storeResponseJson([stored(1), unreadable, mismatch]);
    expect(json).toEqual({
      '00081190': { vr: 'UR' },
      '00081198': {
        vr: 'SQ',
        Value: [
          {
            '00081150': { vr: 'UI' },
            '00081155': { vr: 'UI' },
            '00081197': { vr: 'US', Value: [0xc000] },
          },
          {
            '00081150': { vr: 'UI', Value: [CT] },
            '00081155': { vr: 'UI', Value: ['1.2.3.9'] },
            '00081197': { vr: 'US', Value: [0xc409] },
          },
        ],
      },
      '00081199': {
        vr: 'SQ',
        Value: [
          {
            '00081150': { vr: 'UI', Value: [CT] },
            '00081155': { vr: 'UI', Value: ['1.2.3.1'] },
            '00081190': { vr: 'UR' },
            '00081196': { vr: 'US', Value: [COERCION_OF_DATA_ELEMENTS] },
          },
        ],
      },
    });
    expect(StoreInstancesResponse.safeParse(json).success).toBe(true);
  });

  it('leaves out a sequence with no items (both are type 1C)', () => {
    expect(Object.keys(storeResponseJson([stored(1)]))).toEqual(['00081190', '00081199']);
    expect(Object.keys(storeResponseJson([unreadable]))).toEqual(['00081190', '00081198']);
  });
});

describe('the Store Instances Response Module as PS3.19 XML', () => {
  const xml = storeResponseXml([stored(1), { ...mismatch, sopClassUid: '1.2<&>"\'' }]);

  it('writes the Native DICOM Model with the same attributes, items numbered from 1, values escaped', () => {
    expect(xml).toContain('<NativeDicomModel xmlns="http://dicom.nema.org/PS3.19/models/NativeDICOM"');
    expect(xml).toContain('<DicomAttribute tag="00081190" vr="UR" keyword="RetrieveURL"/>');
    expect(xml).toMatch(
      /<DicomAttribute tag="00081198" vr="SQ" keyword="FailedSOPSequence">\s*<Item number="1">[\s\S]*<DicomAttribute tag="00081197" vr="US" keyword="FailureReason">\s*<Value number="1">50185<\/Value>/,
    );
    expect(xml).toContain('<Value number="1">1.2&lt;&amp;&gt;&quot;&apos;</Value>');
    expect(xml).toMatch(/keyword="WarningReason">\s*<Value number="1">45056<\/Value>/);
  });

  // Python's expat parser (python3 is on these machines for the DICOM fixtures) as an independent reader.
  const python = spawnSync('python3', ['--version']).status === 0;
  it.runIf(python)('is well-formed XML whose root is NativeDicomModel (python3 xml.dom.minidom)', () => {
    const read =
      'import sys, xml.dom.minidom as m; print(m.parseString(sys.stdin.buffer.read()).documentElement.tagName)';
    expect(execFileSync('python3', ['-c', read], { input: xml, encoding: 'utf8' }).trim()).toBe(
      'NativeDicomModel',
    );
  });
});
