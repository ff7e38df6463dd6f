/**
 * One JSON line per event in Cloud Logging's structured shape (as functions/platform/logger.ts, plus the
 * special fields a long-running process uses): `severity`, `message`, `time`,
 * `logging.googleapis.com/labels` (indexed, string values: component, AE title, center) and
 * `logging.googleapis.com/operation` (groups an association's lines: id = its upload id).
 * Fields are scalars: AE titles, upload ids, counts, status codes. Never patient data, never SOP Instance
 * UIDs (hash them with `uidHash` when a line must tell two instances apart).
 */
import { createHash } from 'node:crypto';

export type Severity = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';
const rank: Record<Severity, number> = { DEBUG: 0, INFO: 1, WARNING: 2, ERROR: 3 };

export type LogFields = Record<string, string | number | boolean | undefined>;
export type Labels = Record<string, string>;

export interface Operation {
  id: string;
  first?: boolean;
  last?: boolean;
}

export interface AdapterLogger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger adding these labels (and, for an association, its operation) to every line. */
  with(labels: Labels, operation?: Operation): AdapterLogger;
  /** One line with the operation's first/last marker. */
  operation(severity: Severity, message: string, marker: 'first' | 'last', fields?: LogFields): void;
}

export const PRODUCER = 'saludtech-dicom-adapter';

/** A short, salted-per-process digest of a UID: tells instances apart in one run, links nothing across runs. */
const salt = createHash('sha256').update(`${process.pid}:${Date.now()}:${Math.random()}`).digest();
export const uidHash = (uid: string) =>
  createHash('sha256').update(salt).update(uid).digest('hex').slice(0, 12);

export function createAdapterLogger(
  opts: { level?: Severity; sink?: (line: string) => void; labels?: Labels; operation?: Operation } = {},
): AdapterLogger {
  const min = rank[opts.level ?? 'INFO'];
  const sink = opts.sink ?? ((line: string) => process.stdout.write(`${line}\n`));
  const labels = { component: 'dicom-adapter', ...opts.labels };
  const write = (severity: Severity, message: string, fields: LogFields = {}, marker?: 'first' | 'last') => {
    if (rank[severity] < min) return;
    const entry: Record<string, unknown> = {
      severity,
      message,
      time: new Date().toISOString(),
      'logging.googleapis.com/labels': labels,
      ...(opts.operation
        ? {
            'logging.googleapis.com/operation': {
              id: opts.operation.id,
              producer: PRODUCER,
              ...(marker ? { [marker]: true } : {}),
            },
          }
        : {}),
      ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    };
    sink(JSON.stringify(entry));
  };
  return {
    debug: (m, f) => write('DEBUG', m, f),
    info: (m, f) => write('INFO', m, f),
    warn: (m, f) => write('WARNING', m, f),
    error: (m, f) => write('ERROR', m, f),
    with: (more, operation) =>
      createAdapterLogger({
        ...opts,
        sink,
        labels: { ...opts.labels, ...more },
        ...(operation || opts.operation ? { operation: operation ?? opts.operation } : {}),
      }),
    operation: (severity, message, marker, fields) => write(severity, message, fields, marker),
  };
}
