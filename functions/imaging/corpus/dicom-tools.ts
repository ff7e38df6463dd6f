/** The independent view of a DICOM file the regression corpus is judged by: dcmtk's dcmdump and dicom3tools' dciodvfy. */
import { spawnSync } from 'node:child_process';

export interface DumpedElement {
  tag: string;
  vr: string;
  value: string;
  /** Nesting depth (0 = top level), from dcmdump's indentation. */
  depth: number;
}

export interface Dump {
  /** dcmdump read the whole file without an error. */
  ok: boolean;
  elements: DumpedElement[];
}

function tool(command: string, args: string[]): { status: number | null; out: string } {
  const r = spawnSync(command, args, { encoding: 'latin1', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) {
    const pkg = command === 'dciodvfy' ? 'dicom3tools' : 'dcmtk';
    throw new Error(`${command} is missing: apt-get install ${pkg} (${r.error.message})`);
  }
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

const LINE = /^(\s*)\(([0-9a-f]{4},[0-9a-f]{4})\) (\w\w) (.*?)\s+#\s+\d+,/i;

/** Every element dcmdump prints (values of bulk data elided), with text values unbracketed. */
export function dump(path: string): Dump {
  // +L: long values whole; -Un: UIDs as numbers, not their well-known names.
  const r = tool('dcmdump', ['+L', '+uc', '-Un', '-q', path]);
  const elements: DumpedElement[] = [];
  for (const line of r.out.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const raw = (m[4] ?? '').trim();
    const value =
      raw === '(no value available)' ? '' : raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw;
    elements.push({ tag: (m[2] ?? '').toUpperCase(), vr: m[3] ?? '', value, depth: (m[1] ?? '').length / 2 });
  }
  const failed = r.status !== 0 || /^E: /m.test(r.out);
  return { ok: !failed && elements.length > 0, elements };
}

/** The first top-level value of a tag (`0010,0010`), or undefined. */
export const firstValue = (d: Dump, tag: string) =>
  d.elements.find((e) => e.tag === tag && e.depth === 0 && e.value !== '')?.value;

/** dciodvfy's error lines, with the element values they quote removed (values change by design). */
export function iodErrors(path: string): Set<string> {
  const r = tool('dciodvfy', ['-new', path]);
  return new Set(
    r.out
      .split('\n')
      .filter((l) => l.startsWith('Error'))
      .map((l) =>
        l
          .replace(/=\s*<[^>]*>/g, '= <>')
          .replace(/"[^"]*"/g, '""')
          .replace(/\s+/g, ' ')
          .trim(),
      ),
  );
}

/**
 * The IOD errors of an input as dciodvfy sees them; an input it cannot read (it does not inflate
 * Deflated Explicit VR Little Endian) is first rewritten by dcmconv as explicit VR little endian.
 */
export function inputIodErrors(path: string, scratch: string): Set<string> {
  const errors = iodErrors(path);
  if (![...errors].some((e) => e.includes('Dicom dataset read failed'))) return errors;
  const inflated = `${scratch}/inflated.dcm`;
  tool('dcmconv', ['+te', path, inflated]);
  return iodErrors(inflated);
}
