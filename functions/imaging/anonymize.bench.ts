/**
 * anonymize: our compiled CLI vs gdcmanon (dumb and basic-profile modes), a dcmodify baseline and cp,
 * on one generated corpus: ≥ 2,000 small DICOM files (≈ 40 KB, 200 studies) and one ≥ 300 MB
 * multi-frame file; plus our peak RSS on a 1 GB file. Figures are wall time per command, peak RSS from
 * /usr/bin/time -v. Only ratios measured in the same run are meaningful.
 */
import { join } from 'node:path';
import { type Benchmark, type Figures, sized } from '../../bench/bench.types.ts';
import { runBig, runGib } from './bench/anonymize-big-runs.ts';
import {
  BIG_FRAMES,
  bigFile,
  dcmBytes,
  GIB_FRAMES,
  PER_STUDY,
  STUDIES,
  smallCorpus,
} from './bench/anonymize-corpus.ts';
import { cleanWork, corpus, work } from './bench/anonymize-dirs.ts';
import {
  bigRunFigures,
  gibFigures,
  ratioFigures,
  rejectedFigure,
  smallRunFigures,
} from './bench/anonymize-figures.ts';
import { runSmall } from './bench/anonymize-small-runs.ts';
import { certificate, ensureBuilt } from './bench/anonymize-tools.ts';
import type { Run } from './bench/timed-run.ts';

const bench: Benchmark = {
  name: 'anonymize',
  description: `${STUDIES * PER_STUDY} small files and one ${BIG_FRAMES}-frame file: our CLI vs gdcmanon, dcmodify, cp`,
  async run(ctx) {
    ensureBuilt();
    // The quick corpus lives beside the full one, so neither replaces the other's cached files.
    const smallDir = join(corpus, ctx.quick ? 'small-quick' : 'small');
    const bigDir = join(corpus, ctx.quick ? 'big-quick' : 'big');
    const files = smallCorpus(smallDir, sized(ctx, STUDIES, 2));
    const bigBytes = bigFile(join(bigDir, 'multiframe.dcm'), sized(ctx, BIG_FRAMES, 8));
    const smallBytes = dcmBytes(smallDir);
    const keys = join(work, 'dev-keys.json');
    const cert = certificate();
    const env = { GDCM_RESOURCES_PATH: '/usr/share/gdcm-3.0/XML' };
    Object.assign(process.env, env);
    const figures: Figures = {};
    const small = (name: string, run: Run) => {
      Object.assign(figures, smallRunFigures(name, run, files));
      return run;
    };
    const big = (name: string, run: Run) => {
      Object.assign(figures, bigRunFigures(name, run, bigBytes));
      return run;
    };

    console.log(
      `  corpus: ${files} small files (${(smallBytes / 1e6).toFixed(1)} MB), big file ${(bigBytes / 1e6).toFixed(0)} MB`,
    );
    const { oursSmall, gdcmBasicSmall, cpSmall } = runSmall(smallDir, cert, keys, small);
    figures['small.ours.MBps'] = { value: smallBytes / 1e6 / oursSmall.seconds, unit: 'MB/s' };

    const { oursBig, gdcmBasicBig, cpBig } = runBig(bigDir, cert, keys, big);
    const { oursGib, gibBytes } = runGib(keys, sized(ctx, GIB_FRAMES, 16));
    Object.assign(figures, gibFigures(oursGib, gibBytes));

    Object.assign(
      figures,
      ratioFigures({ oursSmall, gdcmBasicSmall, cpSmall, oursBig, gdcmBasicBig, cpBig, oursGib }),
    );
    Object.assign(figures, rejectedFigure());
    // Outputs weigh ~1.5 GB; the corpus under .local/bench-corpus is kept for the next run.
    cleanWork();
    return figures;
  },
};

export default bench;
