/** Contract between `npm run bench` and each `*.bench.ts` module (its default export). */
export interface Figure {
  value: number;
  unit: string;
}
export type Figures = Record<string, Figure>;

export interface Benchmark {
  /** Name used on the command line (`npm run bench -- NAME`) and for `.local/bench/NAME.json`. */
  name: string;
  /** One line on what is measured and how. */
  description: string;
  /** Measures and returns figures; never asserts a timing. */
  run(): Promise<Figures>;
}
