/**
 * Counters and gauges of the adapter, rendered in the Prometheus text format (version 0.0.4) at
 * `GET /metrics`, so Cloud Monitoring's managed collection (or any scraper) can read them. Labels are AE
 * titles, statuses and reasons: nothing about a patient.
 */

type Labels = Record<string, string>;

const key = (name: string, labels: Labels = {}) => {
  const l = Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',');
  return l ? `${name}{${l}}` : name;
};

const HELP: Record<string, string> = {
  dicom_adapter_associations_total:
    'Associations by outcome (accepted, rejected-calling-ae, rejected-called-ae).',
  dicom_adapter_echo_total: 'C-ECHO requests answered.',
  dicom_adapter_cstore_total: 'C-STORE requests by DIMSE status (hex).',
  dicom_adapter_received_bytes_total: 'Bytes of instances written to the spool.',
  dicom_adapter_forwarded_total: 'Instances the platform accepted, by path (stow-rs, resumable-upload).',
  dicom_adapter_failed_total: 'Instances the platform refused, by reason (not retried).',
  dicom_adapter_retries_total: 'Requests to the platform retried with backoff, by cause.',
  dicom_adapter_stow_requests_total: 'STOW-RS requests by HTTP status (0: no answer).',
  dicom_adapter_spool_files: 'Instances in the spool waiting for the platform.',
  dicom_adapter_spool_bytes: 'Bytes of the instances in the spool.',
  dicom_adapter_spool_reserved_bytes: 'Bytes reserved by instances being received.',
  dicom_adapter_spool_max_bytes: 'The spool byte cap.',
  dicom_adapter_active_associations: 'Associations open now.',
};

export class AdapterMetrics {
  private readonly counters = new Map<string, number>();
  private readonly gauges = new Map<string, () => number>();

  inc(name: string, labels?: Labels, by = 1): void {
    const k = key(name, labels);
    this.counters.set(k, (this.counters.get(k) ?? 0) + by);
  }

  /** A counter's value (0 when never counted), for tests and health. */
  value(name: string, labels?: Labels): number {
    return this.counters.get(key(name, labels)) ?? 0;
  }

  /** Sum of a counter over all its label sets. */
  total(name: string): number {
    let n = 0;
    for (const [k, v] of this.counters) if (k === name || k.startsWith(`${name}{`)) n += v;
    return n;
  }

  gauge(name: string, read: () => number): void {
    this.gauges.set(name, read);
  }

  render(): string {
    const lines: string[] = [];
    const names = new Set([
      ...[...this.counters.keys()].map((k) => k.split('{')[0] as string),
      ...this.gauges.keys(),
    ]);
    for (const name of [...names].sort()) {
      const isGauge = this.gauges.has(name);
      if (HELP[name]) lines.push(`# HELP ${name} ${HELP[name]}`);
      lines.push(`# TYPE ${name} ${isGauge ? 'gauge' : 'counter'}`);
      if (isGauge) lines.push(`${name} ${(this.gauges.get(name) as () => number)()}`);
      else
        for (const [k, v] of [...this.counters].sort(([a], [b]) => a.localeCompare(b)))
          if (k === name || k.startsWith(`${name}{`)) lines.push(`${k} ${v}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
