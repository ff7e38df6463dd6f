/** Contract between `npm run bench` and each `*.bench.ts` module (its default export). */
export interface Figure {
  value: number;
  unit: string;
}
export type Figures = Record<string, Figure>;

/** What a bench needs of the local suite: the environment of the official clients, the API, the project. */
export interface BenchSuite {
  env: Record<string, string>;
  apiUrl: string;
  projectId: string;
  /** The suite's scratch folder (`.local/bench`), for inputs too big for memory. */
  stateDir: string;
  /** Its processes, to measure one (the function host's RSS). */
  children: readonly { name: string; pid: number }[];
}

export interface BenchContext {
  /** A small version (`--quick`, and in `npm test`): proves the bench still runs; its figures mean little. */
  quick: boolean;
  /** The local suite, started on first use and shared by the benches of one run. */
  suite(): Promise<BenchSuite>;
}

export interface Benchmark {
  /** Name used on the command line (`npm run bench -- NAME`) and for `.local/bench/NAME.json`. */
  name: string;
  /** One line on what is measured and how. */
  description: string;
  /** Measures and returns figures; never asserts a timing. */
  run(ctx: BenchContext): Promise<Figures>;
}

/** The full size, or the quick one. */
export const sized = (ctx: BenchContext, full: number, quick: number) => (ctx.quick ? quick : full);
