/** The console's build: Preact through esbuild's automatic JSX runtime; output where the caller says. */
import { defineConfig } from 'vite';

export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: process.env.CONSOLE_OUT_DIR ?? 'dist', emptyOutDir: true, target: 'es2022' },
  logLevel: 'warn',
});
