/**
 * The adapter's configuration, read once at start-up and validated: a JSON file named by
 * `DICOM_ADAPTER_CONFIG` (or inline JSON in `DICOM_ADAPTER_CONFIG_JSON`), with passwords either inline or,
 * better, named by `passwordEnv` (a Secret Manager secret mounted as an environment variable).
 * A few deployment values can be overridden from the environment (see ENV_OVERRIDES).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** An AE title: 1–16 printable ASCII characters, no backslash (PS3.5 Table 6.2-1, VR AE). */
export const AeTitle = z
  .string()
  .trim()
  .min(1)
  .max(16)
  .regex(/^[\x20-\x5b\x5d-\x7e]+$/, 'printable ASCII without backslash');

const ServiceAccount = z
  .object({
    email: z.email(),
    password: z.string().min(1).optional(),
    /** Name of the environment variable holding the password. */
    passwordEnv: z.string().min(1).optional(),
  })
  .refine((s) => (s.password === undefined) !== (s.passwordEnv === undefined), {
    message: 'give exactly one of password or passwordEnv',
  });

const Center = z.object({
  /** The center's code on the platform (for logs and labels; the platform takes the center from the token). */
  code: z.string().min(1).max(40),
  /** Calling AE titles of this center's modalities and PACS. */
  callingAeTitles: z.array(AeTitle).min(1),
  /** The center's service identity: an Identity Platform user with role health_center and claim centerId. */
  serviceAccount: ServiceAccount,
});

const Tls = z.object({
  keyFile: z.string(),
  certFile: z.string(),
  /** CA bundle for client certificates; with `requireClientCert` a sender must present one it signed. */
  caFile: z.string().optional(),
  requireClientCert: z.boolean().default(false),
});

const MiB = 1024 * 1024;

export const AdapterConfigSchema = z
  .object({
    aeTitle: AeTitle.default('SALUDTECH'),
    host: z.string().default('0.0.0.0'),
    port: z.number().int().min(1).max(65535).default(11112),
    http: z
      .object({ host: z.string().default('0.0.0.0'), port: z.number().int().min(0).max(65535).default(8080) })
      .prefault({}),
    /** The platform's API base URL (the gateway that serves /dicomweb/studies and /uploads). */
    platformUrl: z.url(),
    identity: z
      .object({
        apiKey: z.string().min(1).default('fake-api-key'),
        /** `host:port` of the Firebase Auth emulator; when set, both token APIs are served by it. */
        emulatorHost: z.string().optional(),
        tenantId: z.string().optional(),
        /** Refresh this long before the ID token expires. */
        refreshMarginSeconds: z.number().int().min(0).default(300),
      })
      .prefault({}),
    centers: z.array(Center).min(1),
    spool: z.object({
      dir: z.string().min(1),
      /** Bytes the spool may hold; a C-STORE that would go over it is refused with A700. */
      maxBytes: z
        .number()
        .int()
        .positive()
        .default(10 * 1024 * MiB),
    }),
    forward: z
      .object({
        batchMaxFiles: z.number().int().min(1).default(20),
        batchMaxBytes: z
          .number()
          .int()
          .min(1)
          .default(8 * MiB),
        /** Larger instances go through a resumable upload (POST /uploads), not STOW-RS (32 MiB request cap). */
        stowMaxInstanceBytes: z
          .number()
          .int()
          .min(1)
          .default(30 * MiB),
        /** Largest instance accepted at all (the platform's upload limit). */
        maxInstanceBytes: z
          .number()
          .int()
          .min(1)
          .default(2 * 1024 * MiB),
        /** How long an open association's partial batch waits for more instances. */
        lingerMs: z.number().int().min(0).default(300),
        concurrency: z.number().int().min(1).max(16).default(2),
        retryBaseMs: z.number().int().min(1).default(500),
        retryMaxMs: z.number().int().min(1).default(60_000),
        requestTimeoutMs: z.number().int().min(1_000).default(120_000),
      })
      .prefault({}),
    tls: Tls.optional(),
    /** Largest PDU the adapter receives (advertised in A-ASSOCIATE-AC). */
    maxPduLength: z
      .number()
      .int()
      .min(4096)
      .max(4 * MiB)
      .default(256 * 1024),
    logLevel: z.enum(['DEBUG', 'INFO', 'WARNING', 'ERROR']).default('INFO'),
  })
  .superRefine((c, ctx) => {
    const seen = new Map<string, string>();
    for (const center of c.centers)
      for (const ae of center.callingAeTitles) {
        const other = seen.get(ae);
        if (other && other !== center.code)
          ctx.addIssue({
            code: 'custom',
            message: `calling AE ${ae} is listed for two centers`,
            path: ['centers'],
          });
        seen.set(ae, center.code);
      }
  });

export type AdapterConfigInput = z.input<typeof AdapterConfigSchema>;
type Parsed = z.infer<typeof AdapterConfigSchema>;
export interface CenterConfig {
  code: string;
  callingAeTitles: string[];
  email: string;
  password: string;
}
export type AdapterConfig = Omit<Parsed, 'centers'> & { centers: CenterConfig[] };

/** Environment variables that override the file (deployment concerns, not the center setup). */
const ENV_OVERRIDES = {
  DICOM_ADAPTER_PLATFORM_URL: (c: Record<string, unknown>, v: string) => {
    c.platformUrl = v;
  },
  DICOM_ADAPTER_PORT: (c: Record<string, unknown>, v: string) => {
    c.port = Number(v);
  },
  DICOM_ADAPTER_HTTP_PORT: (c: Record<string, unknown>, v: string) => {
    c.http = { ...(c.http as object), port: Number(v) };
  },
  DICOM_ADAPTER_SPOOL_DIR: (c: Record<string, unknown>, v: string) => {
    c.spool = { ...(c.spool as object), dir: v };
  },
} as const;

/** Validates the raw configuration and resolves each center's password. PHI-free, secret-free errors. */
export function parseAdapterConfig(raw: unknown, env: NodeJS.ProcessEnv = process.env): AdapterConfig {
  const parsed = AdapterConfigSchema.safeParse(raw);
  if (!parsed.success)
    throw new Error(
      `invalid DICOM adapter configuration: ${parsed.error.issues
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ')}`,
    );
  const centers = parsed.data.centers.map((c) => {
    const password = c.serviceAccount.password ?? env[c.serviceAccount.passwordEnv as string];
    if (!password)
      throw new Error(`invalid DICOM adapter configuration: ${c.serviceAccount.passwordEnv} is not set`);
    return { code: c.code, callingAeTitles: c.callingAeTitles, email: c.serviceAccount.email, password };
  });
  return { ...parsed.data, centers };
}

/** Reads the configuration from the environment (file or inline JSON, then overrides). */
export function loadAdapterConfig(env: NodeJS.ProcessEnv = process.env): AdapterConfig {
  const file = env.DICOM_ADAPTER_CONFIG;
  const inline = env.DICOM_ADAPTER_CONFIG_JSON;
  if (!file && !inline)
    throw new Error('set DICOM_ADAPTER_CONFIG (a JSON file) or DICOM_ADAPTER_CONFIG_JSON');
  const raw = JSON.parse(file ? readFileSync(file, 'utf8') : (inline as string)) as Record<string, unknown>;
  for (const [name, apply] of Object.entries(ENV_OVERRIDES)) {
    const v = env[name];
    if (v !== undefined && v !== '') apply(raw, v);
  }
  return parseAdapterConfig(raw, env);
}
