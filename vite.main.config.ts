import { rmSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

/**
 * The Node side (CLI, headless host, Electron main, simulator worker, bench) as minified ES
 * modules, one file per source module at the same path as its source (so `import.meta.url`
 * lookups keep working), with zod, i18next and lowdb tree-shaken into dist/vendor. A settled
 * `mantra serve` holds every loaded module's source text and records: minified and shaken, it
 * settles about 4 MB lower than the plain tsc output (docs/scaling.md, idle memory).
 */
const entries = ['main/cli/cli.ts', 'main/launch.ts', 'main/hosts/electron/main.ts', 'main/cli/sim-worker.ts', 'main/cli/bench.ts'];

// Loaded from node_modules at run time: native code (better-sqlite3), helper binaries found
// beside the package (node-notifier's vendor/), Electron itself, and discord.js (loaded only
// once Discord is configured, so its size never reaches an idle host).
const external = [/^node:/, 'electron', 'better-sqlite3', 'node-notifier', /^discord\.js/, /^@discordjs\//];

/** dist/ also holds the window's build, so only this build's own folders are emptied: no stale module survives a rename. */
const emptyOwnFolders: Plugin = {
  name: 'mantra-empty-node-output',
  buildStart() {
    for (const dir of ['dist/main', 'dist/shared', 'dist/vendor']) rmSync(dir, { recursive: true, force: true });
  },
};

export default defineConfig({
  plugins: [emptyOwnFolders],
  build: {
    ssr: true,
    outDir: 'dist',
    emptyOutDir: false,
    target: 'node20',
    minify: true,
    sourcemap: true,
    copyPublicDir: false,
    rollupOptions: {
      input: entries,
      external,
      output: {
        format: 'esm',
        preserveModules: true,
        preserveModulesRoot: '.',
        entryFileNames: (chunk) => `${chunk.name.replace(/^node_modules\//, 'vendor/')}.js`,
      },
    },
  },
  ssr: { noExternal: true, external: ['better-sqlite3', 'node-notifier', 'discord.js', 'electron'] },
});
