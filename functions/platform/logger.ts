/** Structured logs in Cloud Logging JSON shape; only ids and counters, never payload values. */

type Severity = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';
const rank: Record<Severity, number> = { DEBUG: 0, INFO: 1, WARNING: 2, ERROR: 3 };

/** Log fields are deliberately scalar: ids, codes, counts. Objects (payloads) cannot be logged. */
export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds these fields (e.g. a trace or a message id) to every line. */
  with(fields: LogFields): Logger;
}

export type LogSink = (line: string) => void;

/** Creates a logger writing one JSON line per entry to the sink (stdout by default). */
export function createLogger(
  opts: { level?: Severity; projectId?: string; sink?: LogSink; base?: LogFields } = {},
): Logger {
  const min = rank[opts.level ?? (process.env.LOG_LEVEL as Severity | undefined) ?? 'INFO'] ?? 1;
  const sink = opts.sink ?? ((line) => process.stdout.write(`${line}\n`));
  const base = opts.base ?? {};
  const write = (severity: Severity, message: string, fields: LogFields = {}) => {
    if (rank[severity] < min) return;
    const { trace, ...rest } = { ...base, ...fields };
    const entry: Record<string, unknown> = { severity, message, time: new Date().toISOString(), ...rest };
    if (trace && opts.projectId)
      entry['logging.googleapis.com/trace'] = `projects/${opts.projectId}/traces/${trace}`;
    else if (trace) entry.trace = trace;
    sink(JSON.stringify(entry));
  };
  return {
    debug: (m, f) => write('DEBUG', m, f),
    info: (m, f) => write('INFO', m, f),
    warn: (m, f) => write('WARNING', m, f),
    error: (m, f) => write('ERROR', m, f),
    with: (fields) => createLogger({ ...opts, base: { ...base, ...fields } }),
  };
}

/** Extracts the trace id from `traceparent` or `X-Cloud-Trace-Context`. */
export function traceIdFrom(headers: Record<string, string | string[] | undefined>): string | undefined {
  const tp = headers.traceparent;
  if (typeof tp === 'string') return tp.split('-')[1];
  const cloud = headers['x-cloud-trace-context'];
  if (typeof cloud === 'string') return cloud.split('/')[0];
  return undefined;
}

export const log: Logger = createLogger({ projectId: process.env.GOOGLE_CLOUD_PROJECT });
