/**
 * Prints line and branch coverage per context (and for each context's pure `domain/`) from the v8 summary
 * that `vitest run --coverage` writes, and fails when a `domain/` folder is under 90% of its lines.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface Counts {
  total: number;
  covered: number;
}
type Summary = Record<string, { lines: Counts; branches: Counts }>;

const DOMAIN_MIN_LINES = 90;
const root = new URL('..', import.meta.url).pathname;
const summary = JSON.parse(
  readFileSync(join(root, '.local/coverage/coverage-summary.json'), 'utf8'),
) as Summary;

/** `functions/tokens/domain/keyring.ts` → [`tokens`, `tokens/domain`]; schemas count as one group. */
function groupsOf(file: string): string[] {
  const parts = relative(root, file).split('/');
  if (parts[0] === 'schemas') return ['schemas'];
  if (parts[0] !== 'functions' || parts.length < 3) return ['functions (top level)'];
  const context = parts[1] as string;
  return parts[2] === 'domain' ? [context, `${context}/domain`] : [context];
}

const totals = new Map<string, { lines: Counts; branches: Counts }>();
for (const [file, s] of Object.entries(summary)) {
  if (file === 'total') continue;
  for (const g of groupsOf(file)) {
    const t = totals.get(g) ?? { lines: { total: 0, covered: 0 }, branches: { total: 0, covered: 0 } };
    t.lines.total += s.lines.total;
    t.lines.covered += s.lines.covered;
    t.branches.total += s.branches.total;
    t.branches.covered += s.branches.covered;
    totals.set(g, t);
  }
}

const pct = (c: Counts) => (c.total === 0 ? 100 : (100 * c.covered) / c.total);
const rows = [...totals]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([group, t]) => ({
    group,
    lines: `${pct(t.lines).toFixed(1)}%`,
    branches: `${pct(t.branches).toFixed(1)}%`,
    'lines (covered/total)': `${t.lines.covered}/${t.lines.total}`,
  }));
console.log('\ncoverage by context (code run inside the test processes):');
console.table(rows);

const low = [...totals].filter(([g, t]) => g.endsWith('/domain') && pct(t.lines) < DOMAIN_MIN_LINES);
if (low.length > 0) {
  for (const [g, t] of low)
    console.error(
      `${g}: ${pct(t.lines).toFixed(1)}% of lines, under the ${DOMAIN_MIN_LINES}% floor for domain/`,
    );
  process.exit(1);
}
