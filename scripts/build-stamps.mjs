#!/usr/bin/env node
// Build stamps: what each part of dist/ was last built from (the list of its input files,
// their sizes and modification times). `npm start` rebuilds only a part whose inputs differ;
// `npm run build:main` / `build:renderer` record theirs (`node scripts/build-stamps.mjs main`),
// so a start after `npm run build` builds nothing. A file edited while `npm start` builds is
// caught (the stamp is dropped again); one edited during a bare `npm run build` is stamped as
// built until the next edit or build of that part.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamps = join(root, 'dist', '.build-stamps');

const common = ['shared', 'package.json', 'package-lock.json'];
export const parts = [
  { name: 'main', inputs: [...common, 'main', 'tsconfig.base.json', 'vite.main.config.ts', 'vite.preload.config.ts'], output: 'dist/main/launch.js', script: 'build:main' },
  { name: 'window', inputs: [...common, 'renderer', 'vite.config.ts', 'tsconfig.web.json'], output: 'dist/renderer/index.html', script: 'build:renderer' },
];

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

export function fingerprint(part) {
  const h = createHash('sha256');
  for (const f of files(part.inputs)) {
    const s = statSync(f);
    h.update(`${f}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return h.digest('hex');
}

/** Null when the part's output exists and its inputs are as at its last recorded build; else its inputs' fingerprint now. */
export function staleFingerprint(part) {
  const stampFile = join(stamps, part.name);
  const now = fingerprint(part);
  return existsSync(join(root, part.output)) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === now ? null : now;
}

/** Drops the part's stamp: its next start builds it again. */
export function forget(part) {
  rmSync(join(stamps, part.name), { force: true });
}

export function record(part) {
  mkdirSync(stamps, { recursive: true });
  writeFileSync(join(stamps, part.name), fingerprint(part));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const part = parts.find((p) => p.name === process.argv[2]);
  if (!part) {
    console.error(`usage: node scripts/build-stamps.mjs ${parts.map((p) => p.name).join('|')}`);
    process.exit(2);
  }
  record(part);
}
