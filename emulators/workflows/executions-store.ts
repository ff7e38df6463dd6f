/** Executions on disk: one JSON file per execution, written through on every state change, reloaded at start. */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type ExecutionState = 'ACTIVE' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

/** The stored form of an execution: the REST resource's fields (JSON strings for argument/result/payload). */
export interface ExecutionRecord {
  name: string;
  workflow: string;
  id: string;
  state: ExecutionState;
  argument: string;
  result?: string;
  error?: {
    payload: string;
    context: string;
    stackTrace?: { elements: { step: string; routine: string }[] };
  };
  startTime: string;
  endTime?: string;
  workflowRevisionId: string;
  labels: Record<string, string>;
  callLogLevel: string;
}

export class ExecutionStore {
  private readonly records = new Map<string, ExecutionRecord>();

  /** Loads every stored execution; ones still ACTIVE were cut off by a restart and end FAILED, as they cannot resume. */
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    for (const workflow of readdirSync(dir)) {
      const wdir = join(dir, workflow);
      for (const file of readdirSync(wdir).filter((f) => f.endsWith('.json'))) {
        const rec = JSON.parse(readFileSync(join(wdir, file), 'utf8')) as ExecutionRecord;
        if (rec.state === 'ACTIVE') {
          rec.state = 'FAILED';
          rec.endTime = new Date().toISOString();
          rec.error = {
            payload: JSON.stringify({
              message: 'execution interrupted: the Workflows stand-in restarted',
              tags: ['SystemError'],
            }),
            context: 'the local Workflows stand-in cannot resume executions across restarts',
          };
          this.write(rec);
        }
        this.records.set(rec.name, rec);
      }
    }
  }

  get(name: string): ExecutionRecord | undefined {
    return this.records.get(name);
  }

  has(name: string): boolean {
    return this.records.has(name) || existsSync(this.file(name));
  }

  /** Executions of one workflow, newest first (the API's default order). */
  list(workflowName: string): ExecutionRecord[] {
    return [...this.records.values()]
      .filter((r) => r.name.startsWith(`${workflowName}/executions/`))
      .sort((a, b) => b.startTime.localeCompare(a.startTime) || b.id.localeCompare(a.id));
  }

  save(rec: ExecutionRecord): void {
    this.records.set(rec.name, rec);
    this.write(rec);
  }

  private file(name: string): string {
    const [, workflow = '', , id = ''] = /workflows\/([^/]+)\/executions\/([^/]+)$/.exec(name) ?? [];
    return join(this.dir, workflow, `${id}.json`);
  }

  // Write to a temp file and rename, so a crash never leaves half a JSON file.
  private write(rec: ExecutionRecord): void {
    const wdir = join(this.dir, rec.workflow);
    mkdirSync(wdir, { recursive: true });
    const tmp = join(wdir, `.${rec.id}.tmp`);
    writeFileSync(tmp, JSON.stringify(rec, null, 2));
    renameSync(tmp, join(wdir, `${rec.id}.json`));
  }
}
