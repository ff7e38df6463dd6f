/** Where the console finds the API and Identity Platform: `/config.json`, written by whoever serves it. */
export interface ConsoleConfig {
  apiUrl: string;
  projectId: string;
  apiKey: string;
  /** `host:port` of the Auth emulator (local only). */
  authEmulatorHost?: string;
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const res = await fetch('/config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  return (await res.json()) as ConsoleConfig;
}
