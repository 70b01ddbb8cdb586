#!/usr/bin/env node
// `npm run build:native`: builds better-sqlite3 (the server mode's SQLite driver) for this
// Node, once. .npmrc sets ignore-scripts, so `npm ci` never runs its install step, and that
// step would fetch a prebuilt binary from the internet anyway. Here it is compiled from the
// sources npm shipped, against the headers of the Node that runs this (no download), which
// needs python3, make and a C++ compiler (.ci/run installs them). Does nothing when the
// driver already loads. Exit code 1 with a clear line when it cannot be built.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

function loads() {
  try {
    const Database = require('better-sqlite3');
    new Database(':memory:').close();
    return true;
  } catch {
    return false;
  }
}

if (loads()) process.exit(0);

const pkg = dirname(require.resolve('better-sqlite3/package.json'));
const gyp = require.resolve('node-gyp/bin/node-gyp.js');
// Node's own headers, where the Node install ships them (the Debian/NodeSource package and the
// official tarballs do): node-gyp would otherwise download them, which fails offline.
const prefix = dirname(dirname(process.execPath));
const args = [gyp, 'rebuild', '--release', `--jobs=${process.env.NATIVE_JOBS ?? 'max'}`];
if (existsSync(join(prefix, 'include', 'node', 'node.h'))) args.push(`--nodedir=${prefix}`);
else console.error(`build-native: no Node headers under ${prefix}/include/node; node-gyp will try to download them`);

console.error(`build-native: compiling better-sqlite3 for Node ${process.version} (once; about a minute)`);
const run = spawnSync(process.execPath, args, { cwd: pkg, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
if (run.status !== 0 || !loads()) {
  // The compiler's warnings are noise when it works; the end of its output tells why when it does not.
  console.error(`${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n'));
  console.error('build-native: ✗ could not build better-sqlite3 (needs python3, make and g++; see docs/scaling.md)');
  process.exit(1);
}
console.error('build-native: ✓ better-sqlite3 built');
