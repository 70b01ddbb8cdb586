#!/usr/bin/env node
// `npm start`: builds only what changed since the last build, then launches (dist/main/launch.js,
// in this process). Each part (main: vite.main.config.ts; window: vite.config.ts) is rebuilt
// when its input files differ from those stamped at its last build (scripts/build-stamps.mjs);
// on an already-built tree both are skipped and the app starts at once.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fingerprint, forget, parts, root, staleFingerprint } from './build-stamps.mjs';

for (const part of parts) {
  const before = staleFingerprint(part);
  if (before === null) continue;
  console.error(`npm start: building ${part.name} (npm run ${part.script})`);
  // The build script records the part's stamp when it succeeds.
  const r = spawnSync('npm', ['run', '--silent', part.script], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  // A file saved while it built is not in this build: the next start builds again.
  if (fingerprint(part) !== before) forget(part);
}

// In this process: a second Node would add its whole boot to every start.
const { launchMain } = await import(pathToFileURL(join(root, 'dist', 'main', 'launch.js')).href);
launchMain(process.argv.slice(2));
