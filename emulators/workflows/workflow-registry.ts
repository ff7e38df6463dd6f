/**
 * The deployed workflows: every `*.yaml` of the workflows folder (id = file basename), parsed with
 * parseWorkflow and re-read when the file changes. A definition that does not load stays listed as broken
 * with its error, so starting an execution of it fails loudly with the reason.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parseWorkflow, type WorkflowProgram } from './parser.ts';

export type Loaded =
  | { ok: true; id: string; program: WorkflowProgram; revisionId: string }
  | { ok: false; id: string; error: string };

export class WorkflowRegistry {
  private readonly cache = new Map<string, { mtimeMs: number; loaded: Loaded }>();

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  private fileOf(id: string): string | undefined {
    return ['.yaml', '.yml'].map((ext) => join(this.dir, `${id}${ext}`)).find((f) => existsSync(f));
  }

  ids(): string[] {
    return readdirSync(this.dir)
      .filter((f) => ['.yaml', '.yml'].includes(extname(f)))
      .map((f) => basename(f, extname(f)));
  }

  /** The current definition of `id`, or undefined when no such file exists. */
  get(id: string): Loaded | undefined {
    const file = this.fileOf(id);
    if (!file) return undefined;
    const mtimeMs = statSync(file).mtimeMs;
    const cached = this.cache.get(id);
    if (cached && cached.mtimeMs === mtimeMs) return cached.loaded;
    const source = readFileSync(file, 'utf8');
    let loaded: Loaded;
    try {
      const program = parseWorkflow(source, file);
      const hash = createHash('sha256').update(source).digest('hex').slice(0, 8);
      loaded = { ok: true, id, program, revisionId: `000001-${hash}` };
    } catch (err) {
      loaded = { ok: false, id, error: (err as Error).message };
    }
    this.cache.set(id, { mtimeMs, loaded });
    return loaded;
  }

  /** Every workflow with its load result (for the health check and the start-up log). */
  all(): Loaded[] {
    return this.ids().map((id) => this.get(id) as Loaded);
  }
}
