/**
 * The adapter assembled: the disk spool (recovered first), one service identity per center, the STOW-RS
 * forwarder, the DIMSE listener and the health/metrics port. `stop()` ends them in reverse order; whatever
 * is still spooled stays on disk for the next start.
 */
import { access, constants } from 'node:fs/promises';
import type { AdapterConfig, CenterConfig } from './adapter-config.ts';
import { type AdapterLogger, createAdapterLogger } from './adapter-logger.ts';
import { AdapterMetrics } from './adapter-metrics.ts';
import { CenterIdentity } from './center-identity.ts';
import { listenDimse } from './dimse-server.ts';
import { DiskSpool } from './disk-spool.ts';
import { listenHealth } from './health-server.ts';
import { PlatformClient } from './platform-client.ts';
import { StowForwarder } from './stow-forwarder.ts';

export interface RunningAdapter {
  dimsePort: number;
  httpPort: number;
  metrics: AdapterMetrics;
  spool: DiskSpool;
  stop(): Promise<void>;
}

const counts = (r: Record<string, number>) =>
  Object.entries(r)
    .map(([k, n]) => `${k}:${n}`)
    .join(',');

export async function startAdapter(
  config: AdapterConfig,
  log: AdapterLogger = createAdapterLogger({ level: config.logLevel, labels: { aeTitle: config.aeTitle } }),
): Promise<RunningAdapter> {
  const metrics = new AdapterMetrics();
  const spool = await DiskSpool.open(config.spool.dir, config.spool.maxBytes, log);
  const byAe = new Map<string, CenterConfig>();
  for (const c of config.centers) for (const ae of c.callingAeTitles) byAe.set(ae.trim(), c);
  const identities = new Map(config.centers.map((c) => [c.code, new CenterIdentity(config.identity, c)]));

  spool.on('finalized', (s) => {
    if (s.stored === 0 && !s.recovered) return; // a C-ECHO-only association
    log
      .with({ center: s.meta.centerCode, callingAe: s.meta.callingAeTitle }, { id: s.meta.uploadId })
      .operation(s.failed > 0 ? 'WARNING' : 'INFO', 'upload forwarded', 'last', {
        uploadId: s.meta.uploadId,
        stored: s.stored,
        forwarded: s.forwarded,
        failed: s.failed,
        reasons: counts(s.reasons),
        platformUploads: s.platformUploadIds.length,
        platformUploadIds: s.platformUploadIds.join(','),
        recovered: s.recovered,
      });
  });

  const forwarder = new StowForwarder({
    spool,
    platform: new PlatformClient(config.platformUrl, config.forward.requestTimeoutMs),
    identityOf: (code) => identities.get(code),
    config: config.forward,
    metrics,
    log,
  });
  forwarder.start();

  // Sign each center in once now, so a wrong credential shows at start-up (the forwarder retries anyway).
  for (const [code, identity] of identities)
    void identity.idToken().then(
      () => log.info('center identity signed in', { center: code }),
      (e: Error) => log.error('center identity sign-in failed', { center: code, error: e.message }),
    );

  let active = 0;
  metrics.gauge('dicom_adapter_active_associations', () => active);
  metrics.gauge('dicom_adapter_spool_files', () => spool.files);
  metrics.gauge('dicom_adapter_spool_bytes', () => spool.usedBytes);
  metrics.gauge('dicom_adapter_spool_reserved_bytes', () => spool.reservedBytes);
  metrics.gauge('dicom_adapter_spool_max_bytes', () => spool.maxBytes);

  const dimse = await listenDimse(config, {
    config,
    spool,
    centerFor: (ae) => byAe.get(ae),
    metrics,
    log,
    onStart: () => active++,
    onEnd: () => active--,
  });
  let listening = true;
  const http = await listenHealth(config.http.host, config.http.port, {
    metrics: () => metrics.render(),
    health: async () => {
      const writable = await access(config.spool.dir, constants.W_OK).then(
        () => true,
        () => false,
      );
      return {
        ok: listening && writable && !spool.full,
        aeTitle: config.aeTitle,
        dimsePort: dimse.port,
        tls: Boolean(config.tls),
        listening,
        spool: {
          writable,
          full: spool.full,
          files: spool.files,
          bytes: spool.usedBytes,
          maxBytes: spool.maxBytes,
        },
        forwarder: {
          backlog: forwarder.backlog,
          lastSuccessAt: forwarder.lastSuccessAt
            ? new Date(forwarder.lastSuccessAt).toISOString()
            : undefined,
          lastFailure: forwarder.lastFailure,
        },
        activeAssociations: active,
      };
    },
  });
  log.info('dicom adapter listening', {
    dimsePort: dimse.port,
    httpPort: http.port,
    tls: Boolean(config.tls),
    centers: config.centers.length,
    spooledAtStart: spool.files,
  });

  return {
    dimsePort: dimse.port,
    httpPort: http.port,
    metrics,
    spool,
    stop: async () => {
      listening = false;
      await dimse.close();
      await forwarder.stop();
      await spool.close();
      await http.close();
      log.info('dicom adapter stopped', { spooled: spool.files });
    },
  };
}
