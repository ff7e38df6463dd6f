import { describe, expect, it } from 'vitest';
import {
  el,
  encapsulated,
  explicitBigEndian,
  FIXTURE_CASES,
  implicitLittleEndian,
  lyingLength,
  multiframe,
  standardElements,
  toFile,
  truncated,
} from '../../functions/imaging/fixtures/dicom-fixtures.ts';
import { type ByteSource, walkDataset } from './dataset-walk.ts';
import { judgeInstance, StoreStatus } from './instance-check.ts';

/** What the SCP has: the data set after the file meta, and the syntax the meta names. */
function split(file: Buffer): { start: number; ts: string } {
  const groupLength = file.readUInt32LE(132 + 8);
  const start = 132 + 12 + groupLength;
  let at = 144;
  while (at < start) {
    const elem = file.readUInt16LE(at + 2);
    const vr = file.toString('latin1', at + 4, at + 6);
    const long = vr === 'OB';
    const length = long ? file.readUInt32LE(at + 8) : file.readUInt16LE(at + 6);
    const value = at + (long ? 12 : 8);
    if (elem === 0x0010)
      return { start, ts: file.toString('latin1', value, value + length).replace(/\0+$/, '') };
    at = value + length;
  }
  throw new Error('no transfer syntax in meta');
}

const source = (b: Buffer): ByteSource => ({
  size: b.length,
  read: async (offset, length) => b.subarray(offset, offset + length),
});

const walk = (file: Buffer) => {
  const { start, ts } = split(file);
  return walkDataset(source(file), start, ts);
};

describe('walkDataset', () => {
  const part10 = FIXTURE_CASES.filter((c) => c.valid && !['no-preamble', 'raw-implicit'].includes(c.name));
  it.each(part10.map((c) => [c.name, c]))('walks the well-formed fixture %s to its end', async (_n, c) => {
    const r = await walk(c.build());
    expect(r.ok, JSON.stringify(r)).toBe(true);
  });

  it('collects the UIDs and the pixel module (little and big endian, implicit and explicit)', async () => {
    for (const file of [
      implicitLittleEndian({ rows: 8, columns: 4 }),
      explicitBigEndian({ rows: 8, columns: 4 }),
    ]) {
      const r = await walk(file);
      expect(r.ok && r.facts).toMatchObject({
        sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
        rows: 8,
        columns: 4,
        bitsAllocated: 16,
        nativePixelBytes: 64,
        encapsulatedPixelData: false,
      });
      expect(r.ok && r.facts.studyInstanceUid).toMatch(/^1\.2\.826\./);
    }
  });

  it('walks encapsulated Pixel Data fragment by fragment', async () => {
    const r = await walk(encapsulated({ frames: 3, fragmentsPerFrame: 2 }));
    expect(r.ok && r.facts.encapsulatedPixelData).toBe(true);
    expect(r.ok && r.facts.numberOfFrames).toBe(3);
  });

  it.each([
    ['truncated', truncated()],
    ['lying pixel length', lyingLength({ field: 'pixel' })],
    ['lying text length', lyingLength({ field: 'text' })],
    ['lying sequence length', lyingLength({ field: 'sequence' })],
    ['cut inside the encapsulated pixel data', encapsulated().subarray(0, encapsulated().length - 20)],
    ['trailing garbage', Buffer.concat([multiframe({ frames: 2 }), Buffer.from([1, 2, 3])])],
  ])('finds the %s file malformed, naming no value', async (_n, file) => {
    const r = await walk(file);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.why).not.toMatch(/CANARY|Canary/i);
  });

  it('reads big files a window at a time (positional reads only)', async () => {
    const file = multiframe({ frames: 64, rows: 256, columns: 256 });
    const { start, ts } = split(file);
    let readBytes = 0;
    const r = await walkDataset(
      {
        size: file.length,
        read: async (o, l) => {
          readBytes += Math.min(l, file.length - o);
          return file.subarray(o, o + l);
        },
      },
      start,
      ts,
    );
    expect(r.ok).toBe(true);
    expect(readBytes).toBeLessThan(file.length / 10);
  });
});

describe('judgeInstance', () => {
  const CT = '1.2.840.10008.5.1.4.1.1.2';
  const announced = (file: Buffer, sopInstanceUid = '1.2.826.0.1.3680043.10.1499.1.1.1.1') => ({
    sopClassUid: CT,
    sopInstanceUid,
    transferSyntaxUid: split(file).ts,
  });

  it('takes a well-formed instance that matches its command', async () => {
    const file = toFile(
      [...standardElements({ rows: 4, columns: 4 }), el(0x7fe00010, 'OW', Buffer.alloc(32))],
      'explicit-le',
    );
    expect(judgeInstance(await walk(file), announced(file))).toMatchObject({ ok: true });
  });

  it('refuses short native pixel data with C000, a missing Study UID or another instance with A900', async () => {
    const short = toFile(
      [...standardElements({ rows: 32, columns: 32 }), el(0x7fe00010, 'OW', Buffer.alloc(100))],
      'explicit-le',
    );
    expect(judgeInstance(await walk(short), announced(short))).toMatchObject({
      ok: false,
      status: StoreStatus.cannotUnderstand,
    });
    const noStudy = toFile(
      [
        ...standardElements({ rows: 4, columns: 4 }).filter((e) => e.tag !== 0x0020000d),
        el(0x7fe00010, 'OW', Buffer.alloc(32)),
      ],
      'explicit-le',
    );
    expect(judgeInstance(await walk(noStudy), announced(noStudy))).toMatchObject({
      ok: false,
      status: StoreStatus.dataSetDoesNotMatchSopClass,
    });
    const ok = toFile(
      [...standardElements({ rows: 4, columns: 4 }), el(0x7fe00010, 'OW', Buffer.alloc(32))],
      'explicit-le',
    );
    expect(judgeInstance(await walk(ok), announced(ok, '1.2.3.4'))).toMatchObject({
      ok: false,
      status: StoreStatus.dataSetDoesNotMatchSopClass,
    });
  });

  it('refuses a malformed data set with C000', async () => {
    const file = lyingLength({ field: 'text' });
    expect(judgeInstance(await walk(file), announced(file))).toMatchObject({
      ok: false,
      status: StoreStatus.cannotUnderstand,
    });
  });
});
