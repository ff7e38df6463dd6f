/**
 * pixel-clean: Clean Pixel Data in process, through `anonymizeBuffer` with the real OCR and codecs, on
 * generated images with PHI burned in: a 640×480 RGB ultrasound frame, a 1024×1024 RGB secondary capture
 * and a 100-frame 640×480 cine. Figures: images/s and p50/p99 per image, the cold start (model load and
 * first image), and the process's peak RSS (the OCR's worker thread lives in the same process).
 */
import { type Benchmark, type Figures, sized } from '../../bench/bench.types.ts';
import { percentile } from '../../bench/stats.ts';
import { keyringFromSeed } from '../tokens/lib/index.ts';
import { pixelCleaner, stopTextFinder } from './adapters/pixels/pixel-cleaner.ts';
import { anonymizeBuffer, DEFAULT_OPTIONS } from './domain/anonymizer.ts';
import { type BurnedInSpec, burnedInFile } from './fixtures/burned-in-builders.ts';

const keyring = keyringFromSeed(Buffer.alloc(32, 5), 1);
const ctx = {
  keyring,
  issuer: 'BENCH',
  options: DEFAULT_OPTIONS,
  limits: { maxBytes: 2 ** 31, maxDepth: 32 },
  hash: false,
  pixels: pixelCleaner,
};

/** One image: its time, and how it ended (held for review counts: a person then looks at it). */
async function cleanOnce(file: Buffer): Promise<{ ms: number; held: boolean; boxes: number }> {
  const started = performance.now();
  const { outcome } = await anonymizeBuffer(file, ctx);
  const ms = performance.now() - started;
  if (outcome.status === 'anonymized')
    return { ms, held: false, boxes: outcome.pixelCleaning?.boxes.length ?? 0 };
  if (outcome.status === 'held' && outcome.reason === 'pixel-review') {
    console.log(`  held for review: ${outcome.detail}`);
    return { ms, held: true, boxes: 0 };
  }
  throw new Error(`pixel-clean: ${outcome.status} ${outcome.reason}: ${outcome.detail}`);
}

async function series(name: string, spec: BurnedInSpec, runs: number, figures: Figures): Promise<void> {
  const { file } = await burnedInFile(spec);
  const times: number[] = [];
  let held = 0;
  let boxes = 0;
  for (let i = 0; i < runs; i++) {
    const r = await cleanOnce(file);
    times.push(r.ms);
    held += r.held ? 1 : 0;
    boxes = Math.max(boxes, r.boxes);
  }
  const total = times.reduce((a, b) => a + b, 0);
  figures[`${name}.heldForReview`] = { value: held, unit: `of ${runs} images` };
  figures[`${name}.boxesFilled`] = { value: boxes, unit: 'boxes (most in one published image)' };
  figures[`${name}.imagesPerSecond`] = { value: (1000 * runs) / total, unit: 'images/s' };
  figures[`${name}.p50`] = { value: percentile(times, 50), unit: 'ms' };
  figures[`${name}.p99`] = { value: percentile(times, 99), unit: 'ms' };
  console.log(`  ${name}: ${runs} run(s) of ${(file.length / 1e6).toFixed(1)} MB`);
}

const bench: Benchmark = {
  name: 'pixel-clean',
  description:
    'Clean Pixel Data (OCR, redaction, re-encoding) on a 640×480 US, a 1024×1024 SC and a 100-frame cine',
  async run(bctx) {
    const figures: Figures = {};
    await stopTextFinder(); // a cold start, even after another bench in this process
    const us: BurnedInSpec = { width: 640, height: 480, layout: 'rgb', background: 'speckle' };
    const { file: first } = await burnedInFile({ ...us, seed: 99 });
    figures['coldStart.firstImage'] = { value: (await cleanOnce(first)).ms, unit: 'ms' };
    await series('us640x480', us, sized(bctx, 30, 2), figures);
    await series(
      'sc1024',
      { width: 1024, height: 1024, layout: 'rgb', background: 'white', sopClass: 'secondaryCapture' },
      sized(bctx, 10, 1),
      figures,
    );
    await series(
      'cine100',
      { width: 640, height: 480, layout: 'mono8', background: 'speckle', frames: sized(bctx, 100, 4) },
      sized(bctx, 3, 1),
      figures,
    );
    figures.peakRss = { value: process.resourceUsage().maxRSS / 1024, unit: 'MiB' };
    await stopTextFinder();
    return figures;
  },
};
export default bench;
