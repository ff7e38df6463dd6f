/** DCMTK's storescu and echoscu (Debian `dcmtk`) run to completion and their output parsed. */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AE_TITLE } from './adapter-process.ts';

export interface ToolRun {
  code: number | null;
  output: string;
}

/** Runs a DCMTK tool to completion, capturing stdout and stderr together (`onOutput` sees it as it comes). */
export function runTool(
  command: string,
  args: string[],
  timeoutMs = 600_000,
  onOutput?: (soFar: string) => void,
): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const p = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const take = (d: Buffer) => {
      output += d.toString();
      onOutput?.(output);
    };
    p.stdout.on('data', take);
    p.stderr.on('data', take);
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('error', reject);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Per file, in sending order: the DIMSE status storescu reported (`Success`, `Error: …`), if any. */
export function storeStatuses(output: string): { file: string; status?: string }[] {
  const out: { file: string; status?: string }[] = [];
  for (const line of output.split('\n')) {
    const sending = /Sending file: (.+)$/.exec(line);
    if (sending) out.push({ file: (sending[1] as string).trim() });
    const rsp = /Received Store Response \((.+)\)\s*$/.exec(line);
    const last = out[out.length - 1];
    if (rsp && last) last.status = rsp[1];
  }
  return out;
}

/**
 * A storescu association profile (`-xf FILE Default`) as a modality is configured: CT and MR, each with
 * the uncompressed syntaxes and with JPEG lossless, JPEG-LS lossless and RLE, so each file goes as it is.
 */
export function storescuProfile(dir: string): string[] {
  const classes = ['CTImageStorage', 'MRImageStorage'];
  const syntaxes = {
    Uncompressed: ['LittleEndianExplicit', 'BigEndianExplicit', 'LittleEndianImplicit'],
    JpegLossless: ['JPEGLossless:Non-hierarchical-1stOrderPrediction'],
    JpegLs: ['JPEGLSLossless'],
    Rle: ['RLELossless'],
  };
  const contexts = classes.flatMap((c) => Object.keys(syntaxes).map((t) => `${c}\\${t}`));
  const text = [
    '[[TransferSyntaxes]]',
    ...Object.entries(syntaxes).flatMap(([name, list]) => [
      `[${name}]`,
      ...list.map((ts, i) => `TransferSyntax${i + 1} = ${ts}`),
    ]),
    '[[PresentationContexts]]',
    '[Modality]',
    ...contexts.map((c, i) => `PresentationContext${i + 1} = ${c}`),
    '[[Profiles]]',
    '[Default]',
    'PresentationContexts = Modality',
    '',
  ].join('\n');
  const path = join(dir, 'storescu.cfg');
  writeFileSync(path, text);
  return ['-xf', path, 'Default'];
}

/** storescu sends `files` in one association (`-nh`: a refused file does not stop the others). */
export const storescu = (
  port: number,
  files: string[],
  extra: string[] = [],
  o: { aet?: string; aec?: string; onOutput?: (soFar: string) => void } = {},
) =>
  runTool(
    'storescu',
    [
      '-v',
      '-nh',
      '-aet',
      o.aet ?? 'STORESCU',
      '-aec',
      o.aec ?? AE_TITLE,
      ...extra,
      '127.0.0.1',
      String(port),
      ...files,
    ],
    600_000,
    o.onOutput,
  );
