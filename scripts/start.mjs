#!/usr/bin/env node
// `npm start`: builds only what changed since the last build, then launches (dist/main/launch.js).
// Each part (main: vite.main.config.ts; window: vite) is rebuilt when the list of its input files, their sizes or
// modification times differ from those recorded after its last successful build; on an
// already-built tree both are skipped and the app starts at once.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamps = join(root, 'dist', '.build-stamps');

/** Every file under the given paths (files or folders), sorted. */
function files(paths) {
  const out = [];
  const walk = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (!s.isDirectory()) return out.push(p);
    for (const name of readdirSync(p)) if (name !== 'node_modules') walk(join(p, name));
  };
  for (const p of paths) walk(join(root, p));
  return out.sort();
}

function fingerprint(paths) {
  const h = createHash('sha256');
  for (const f of files(paths)) {
    const s = statSync(f);
    h.update(`${f}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return h.digest('hex');
}

const common = ['shared', 'package.json', 'package-lock.json'];
const parts = [
  { name: 'main', inputs: [...common, 'main', 'tsconfig.base.json', 'vite.main.config.ts', 'vite.preload.config.ts'], output: 'dist/main/launch.js', script: 'build:main' },
  { name: 'window', inputs: [...common, 'renderer', 'vite.config.ts', 'tsconfig.web.json'], output: 'dist/renderer/index.html', script: 'build:renderer' },
];

for (const part of parts) {
  const stampFile = join(stamps, part.name);
  const now = fingerprint(part.inputs);
  const last = existsSync(stampFile) ? readFileSync(stampFile, 'utf8') : '';
  if (now === last && existsSync(join(root, part.output))) continue;
  console.error(`npm start: building ${part.name} (npm run ${part.script})`);
  const r = spawnSync('npm', ['run', '--silent', part.script], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  mkdirSync(stamps, { recursive: true });
  writeFileSync(stampFile, now);
}

const child = spawn(process.execPath, [join(root, 'dist', 'main', 'launch.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
