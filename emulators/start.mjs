// `npm start` bootstrap (plain JS: it runs before dependencies exist): install if missing or stale, then launch
// the suite in this same process, so Ctrl-C and SIGTERM reach the launcher that owns every child.
import { ensureInstalled } from './ensure-installed.mjs';

ensureInstalled();
const { register } = await import('tsx/esm/api');
register();
await import('./main.ts');
