/**
 * `npm run dicom-adapter`: the DICOM adapter as a long-running process. Configuration from
 * DICOM_ADAPTER_CONFIG (adapter-config.ts). SIGTERM/SIGINT stop it cleanly; a crash loses nothing that
 * was acknowledged (the spool is recovered at the next start).
 */
import { loadAdapterConfig } from './adapter-config.ts';
import { createAdapterLogger } from './adapter-logger.ts';
import { startAdapter } from './dicom-adapter.ts';

const config = loadAdapterConfig();
const log = createAdapterLogger({ level: config.logLevel, labels: { aeTitle: config.aeTitle } });
const adapter = await startAdapter(config, log);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log.info('stopping on signal', { signal });
  await adapter.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
