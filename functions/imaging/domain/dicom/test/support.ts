/** Test support for the DICOM engine: fixture files, a chunked input stream, and independent readers of the output. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import dcmjs from 'dcmjs';
import { keyringFromSeed } from '../../../../tokens/lib/index.ts';
import {
  dicomFile,
  type Element,
  el,
  encodeDataset,
  type FileLayout,
  type Syntax,
  TRANSFER_SYNTAX,
} from '../../../fixtures/dicom-writer.ts';
import {
  type AnonymizeContext,
  type AnonymizeOutcome,
  anonymize,
  DEFAULT_OPTIONS,
  type ProfileOptions,
} from '../../anonymizer.ts';

export const keyring = keyringFromSeed(Buffer.alloc(32, 9), 1);
export const CT = '1.2.840.10008.5.1.4.1.1.2';
export const SOP = '1.2.826.0.1.3680043.10.1499.77.3.1';
export const STUDY = '1.2.826.0.1.3680043.10.1499.77.1';
export const SERIES = '1.2.826.0.1.3680043.10.1499.77.2';

/** A minimal but realistic CT header with identifying values and 4 bytes of pixel data. */
export function baseDataset(extra: Element[] = [], pixels: Buffer = Buffer.from([1, 2, 3, 4])): Element[] {
  const tags = new Set(extra.map((e) => e.tag));
  const base = [
    el(0x00080016, 'UI', CT),
    el(0x00080018, 'UI', SOP),
    el(0x00080020, 'DA', '20240115'),
    el(0x00080060, 'CS', 'CT'),
    el(0x00080080, 'LO', 'Clinica Santa Canaria'),
    el(0x00100010, 'PN', 'PEREZ^JUANITA'),
    el(0x00100020, 'LO', 'MRN-0042'),
    el(0x00100030, 'DA', '19700301'),
    el(0x00100040, 'CS', 'F'),
    el(0x00180015, 'CS', 'CHEST'),
    el(0x0020000d, 'UI', STUDY),
    el(0x0020000e, 'UI', SERIES),
    el(0x00280010, 'US', [2]),
    el(0x00280011, 'US', [1]),
    el(0x00280100, 'US', [16]),
    el(0x7fe00010, 'OW', pixels),
  ].filter((e) => !tags.has(e.tag));
  return [...base, ...extra];
}

const SYNTAX_UID: Record<Syntax, string> = {
  'explicit-le': TRANSFER_SYNTAX.explicitLittleEndian,
  'implicit-le': TRANSFER_SYNTAX.implicitLittleEndian,
  'explicit-be': TRANSFER_SYNTAX.explicitBigEndian,
};

/** Encodes a dataset as a Part 10 file (or bare dataset) in a syntax. */
export function file(
  ds: Element[],
  syntax: Syntax = 'explicit-le',
  layout: FileLayout = {},
  transferSyntaxUid?: string,
): Buffer {
  return dicomFile(
    encodeDataset(ds, syntax),
    { sopClassUid: CT, sopInstanceUid: SOP, transferSyntaxUid: transferSyntaxUid ?? SYNTAX_UID[syntax] },
    layout,
  );
}

/** Feeds a buffer in uneven small chunks, so every read crosses chunk boundaries somewhere. */
export function chunked(buf: Buffer): Readable {
  const parts: Buffer[] = [];
  const sizes = [1, 7, 64, 3, 1000, 13];
  for (let at = 0, i = 0; at < buf.length; i++) {
    const n = sizes[i % sizes.length] as number;
    parts.push(buf.subarray(at, at + n));
    at += n;
  }
  return Readable.from(parts);
}

export interface Run {
  outcome: AnonymizeOutcome;
  out: Buffer;
}

/** Runs the anonymizer on a buffer with the default options unless overridden. */
export async function run(
  input: Buffer,
  ctx: Partial<Omit<AnonymizeContext, 'options'>> & { options?: Partial<ProfileOptions> } = {},
): Promise<Run> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _e, done) {
      chunks.push(chunk);
      done();
    },
  });
  const outcome = await anonymize(chunked(input), out, {
    keyring,
    issuer: 'CENTER-1',
    limits: { maxBytes: 64 * 1024 * 1024, maxDepth: 16 },
    ...ctx,
    options: { ...DEFAULT_OPTIONS, ...ctx.options },
  });
  return { outcome, out: Buffer.concat(chunks) };
}

type DcmValue = { vr: string; Value?: unknown[] };
export type DcmDict = Record<string, DcmValue>;

/** Reads an output with dcmjs (an independent parser): dataset and meta dictionaries. */
export function read(buf: Buffer): { dict: DcmDict; meta: DcmDict } {
  const m = dcmjs.data.DicomMessage.readFile(
    buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length) as ArrayBuffer,
  );
  return { dict: m.dict as DcmDict, meta: m.meta as DcmDict };
}

/** The first value of a tag as text (PN: its alphabetic group). */
export function value(dict: DcmDict, tag: string): string | undefined {
  const v = dict[tag]?.Value?.[0];
  if (v === undefined) return undefined;
  if (typeof v === 'object' && v !== null && 'Alphabetic' in v)
    return String((v as { Alphabetic: string }).Alphabetic);
  return String(v);
}

/** Runs dcmtk's dcmdump on a buffer: exit status and output (errors included). */
export function dcmdump(buf: Buffer): { status: number | null; text: string } {
  const dir = mkdtempSync(join(tmpdir(), 'deid-'));
  try {
    const path = join(dir, 'x.dcm');
    writeFileSync(path, buf);
    const r = spawnSync('dcmdump', ['-dc', '+L', path], { encoding: 'latin1', maxBuffer: 1 << 30 });
    return { status: r.status, text: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const anonymized = (r: Run) => {
  if (r.outcome.status !== 'anonymized')
    throw new Error(`expected anonymized, got ${JSON.stringify(r.outcome)}`);
  return r.outcome;
};
