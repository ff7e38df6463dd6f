/**
 * The OCR port on tesseract.js, with English and Spanish LSTM models from npm (nothing is fetched at
 * run time). Workers per instance (one per core, at most two), started on first use and reused; each
 * image is read twice, the two readings on two workers at once — as
 * it shows (dark text on light after inversion) and as a high threshold mask (bright overlay text
 * alone) — because either rendering alone misses small text on ultrasound speckle.
 */
import { mkdtempSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import type { Gray8 } from '../../domain/pixels/native-frame.ts';
import type { FoundWord, TextFinder } from '../../domain/pixels/pixel-ports.ts';

const require = createRequire(import.meta.url);
const LANGUAGES = ['eng', 'spa'] as const;
/** Grey level (of 255, after the frame's own stretch) from which a pixel counts as overlay ink. */
export const INK_THRESHOLD = 180;

/** tesseract.js reads every language from one folder: link the packages' LSTM models into one. */
function languageFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'saludtech-tessdata-'));
  for (const code of LANGUAGES) {
    const { langPath } = require(`@tesseract.js-data/${code}`) as { langPath: string };
    const file = `${code}.traineddata.gz`;
    symlinkSync(join(`${langPath}_best_int`, file), join(dir, file));
  }
  return dir;
}

/** A binary PGM (P5): leptonica reads it, so no image encoder is needed. */
function pgm(width: number, height: number, data: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1'), data]);
}

/** OCR workers: each loads the models once (~0.4 s, the OCR's cold start) and is reused. */
const WORKERS = Math.min(2, availableParallelism());
let workers: Promise<Worker[]> | undefined;

async function startWorker(langPath: string): Promise<Worker> {
  const w = await createWorker([...LANGUAGES], OEM.LSTM_ONLY, { langPath, gzip: true, cacheMethod: 'none' });
  // Burned-in text is scattered labels, not a page.
  await w.setParameters({ tessedit_pageseg_mode: PSM.SPARSE_TEXT });
  return w;
}

function ocrWorkers(): Promise<Worker[]> {
  if (!workers) {
    const langPath = languageFolder();
    workers = Promise.all(Array.from({ length: WORKERS }, () => startWorker(langPath)));
    workers.catch(() => {
      workers = undefined;
    });
  }
  return workers;
}

async function wordsIn(w: Worker, image: Buffer): Promise<FoundWord[]> {
  const { data } = await w.recognize(image, {}, { blocks: true });
  return (data.blocks ?? []).flatMap((b) =>
    b.paragraphs.flatMap((p) =>
      p.lines.flatMap((l) =>
        l.words.map((word) => ({
          text: word.text,
          confidence: word.confidence,
          // Tesseract's x1/y1 are exclusive; boxes here are inclusive.
          box: { x0: word.bbox.x0, y0: word.bbox.y0, x1: word.bbox.x1 - 1, y1: word.bbox.y1 - 1 },
        })),
      ),
    ),
  );
}

/** The OCR as the domain's TextFinder. */
export const tesseractTextFinder: TextFinder = {
  async find(image: Gray8): Promise<FoundWord[]> {
    const pool = await ocrWorkers();
    const shown = pgm(
      image.width,
      image.height,
      image.data.map((v) => 255 - v),
    );
    const ink = pgm(
      image.width,
      image.height,
      image.data.map((v) => (v >= INK_THRESHOLD ? 0 : 255)),
    );
    const read = await Promise.all(
      [shown, ink].map((img, i) => wordsIn(pool[i % pool.length] as Worker, img)),
    );
    return read.flat();
  },
};

/** Ends the workers (tests and the CLI; a function instance keeps them until it is recycled). */
export async function stopTextFinder(): Promise<void> {
  const started = workers;
  workers = undefined;
  if (started) await Promise.all((await started).map((w) => w.terminate()));
}
