/** The imaging context's settings: read once from the environment, validated, with production defaults. */
import { z } from 'zod';

const ImagingConfig = z.object({
  /** Largest accepted upload (default 2 GiB). */
  maxBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(2 * 1024 ** 3),
  /** Deepest sequence nesting the DICOM parser follows before it rejects the file. */
  maxDepth: z.coerce.number().int().positive().default(16),
  /** Time budget per file, below the function's timeout so a slow file is quarantined, not killed mid-way. */
  perFileTimeoutMs: z.coerce.number().int().positive().default(480_000),
  /** Deliveries of one object before an unexpected error is treated as poison and the file quarantined. */
  maxAttempts: z.coerce.number().int().positive().default(5),
  downloadUrlTtlSeconds: z.coerce.number().int().min(60).max(3600).default(300),
  /**
   * Test-only fault hooks (object metadata `x-test-fault`). Only ever on against the local Storage stand-in:
   * production never sets STORAGE_EMULATOR_HOST.
   */
  faultInjection: z.boolean(),
});
export type ImagingConfig = z.infer<typeof ImagingConfig>;

export function loadImagingConfig(env: NodeJS.ProcessEnv = process.env): ImagingConfig {
  const parsed = ImagingConfig.safeParse({
    maxBytes: env.IMAGING_MAX_BYTES,
    maxDepth: env.IMAGING_MAX_DEPTH,
    perFileTimeoutMs: env.IMAGING_FILE_TIMEOUT_MS,
    maxAttempts: env.IMAGING_MAX_ATTEMPTS,
    downloadUrlTtlSeconds: env.IMAGING_DOWNLOAD_URL_TTL_SECONDS,
    faultInjection: Boolean(env.STORAGE_EMULATOR_HOST),
  });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`invalid imaging configuration: ${fields}`);
  }
  return parsed.data;
}

let cached: ImagingConfig | undefined;
/** The process-wide imaging config, loaded on first use. */
export function imagingConfig(): ImagingConfig {
  cached ??= loadImagingConfig();
  return cached;
}
