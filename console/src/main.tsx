/** Entry: reads /config.json, starts Firebase Auth, renders the shell on every session change. */
import { render } from 'preact';
import { App } from './app.tsx';
import { loadConfig } from './config.ts';
import { lang, setLang } from './i18n.ts';
import { startAuth } from './session.ts';

const root = document.getElementById('app') as HTMLElement;
setLang(lang());
const config = await loadConfig();
startAuth(config, (session) => render(<App config={config} session={session} />, root));
