import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { el, encodeDataset, standardElements } from '../../functions/imaging/fixtures/dicom-fixtures.ts';
import { ADAPTER_IMPLEMENTATION_CLASS_UID, part10Header } from './part10-meta.ts';

const dcmjs = createRequire(import.meta.url)('dcmjs') as {
  data: { DicomMessage: { readFile(b: ArrayBuffer): { meta: Record<string, { Value?: unknown[] }> } } };
};

describe('part10Header', () => {
  it('makes the data set a Part 10 file another toolkit reads (dcmjs), with the command UIDs in its meta', () => {
    const sop = '1.2.826.0.1.3680043.10.1499.1.1.1.1';
    const header = part10Header({
      sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
      sopInstanceUid: sop,
      transferSyntaxUid: '1.2.840.10008.1.2',
      sourceAeTitle: 'CT-ROOM-3',
    });
    const file = Buffer.concat([
      header,
      encodeDataset([...standardElements(), el(0x7fe00010, 'OW', Buffer.alloc(512))], 'implicit-le'),
    ]);
    const { meta } = dcmjs.data.DicomMessage.readFile(
      file.buffer.slice(file.byteOffset, file.byteOffset + file.length) as ArrayBuffer,
    );
    const v = (tag: string) => String(meta[tag]?.Value?.[0]).replace(/[\0 ]+$/, '');
    expect(v('00020003')).toBe(sop);
    expect(v('00020010')).toBe('1.2.840.10008.1.2');
    expect(v('00020012')).toBe(ADAPTER_IMPLEMENTATION_CLASS_UID);
    expect(v('00020016')).toBe('CT-ROOM-3');
    expect(header.length % 2).toBe(0);
  });
});
