/**
 * Packaging smoke test: electron-builder --dir runs offline when handed an Electron
 * distribution directory (a stub `electron` executable is enough to package), so this packs
 * the real app and looks inside app.asar.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { promisify } from 'node:util';
import { extractFile, listPackage } from '@electron/asar';
import { z } from 'zod';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const manifest = z
  .object({ main: z.string(), dependencies: z.record(z.string(), z.string()), devDependencies: z.record(z.string(), z.string()) })
  .parse(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')));
const built = ['dist/main/hosts/electron/main.js', 'dist/main/hosts/electron/preload.cjs', 'dist/renderer/index.html'];

let work: string;
let asar: string;
let files: string[];

beforeAll(async () => {
  // Reuse a build from `npm run build`; build only when one is missing.
  if (!built.every((f) => existsSync(join(root, f)))) await run('npm', ['run', 'build'], { cwd: root });
  work = mkdtempSync(join(tmpdir(), 'mantra-pack-'));
  const electronDist = join(work, 'electron-dist');
  mkdirSync(electronDist);
  writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\necho "a stub: packaging only"\n');
  chmodSync(join(electronDist, 'electron'), 0o755);
  const out = join(work, 'out');
  const bin = join(root, 'node_modules/electron-builder/cli.js');
  await run(process.execPath, [bin, '--dir', '--linux', '--x64', '--publish', 'never', `-c.electronDist=${electronDist}`, `-c.directories.output=${out}`], {
    cwd: root,
    env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
  });
  asar = join(out, 'linux-unpacked/resources/app.asar');
  files = listPackage(asar, { isPack: false }).map((f) => f.replaceAll('\\', '/'));
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Top-level packages in the archive's node_modules, scoped ones as "@scope/name". */
function shippedPackages(): Set<string> {
  const names = new Set<string>();
  for (const f of files) {
    const m = /^\/node_modules\/(@[^/]+\/[^/]+|[^@/][^/]*)(?:\/|$)/.exec(f);
    if (m?.[1]) names.add(m[1]);
  }
  return names;
}

describe('the packaged tray app (electron-builder --dir)', () => {
  it('holds the main entry named by package.json, the preload and the renderer', () => {
    expect(files).toContain(`/${manifest.main}`);
    expect(files).toContain('/dist/main/hosts/electron/preload.cjs');
    expect(files).toContain('/dist/renderer/index.html');
    // Every script and stylesheet the window's page loads is in the archive beside it.
    const html = extractFile(asar, 'dist/renderer/index.html').toString('utf8');
    const assets = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => `/dist/renderer/${m[1]}`);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect(files).toContain(asset);
  });

  it('ships no dev-only package: every package in it is a run-time dependency', async () => {
    const shipped = shippedPackages();
    expect(shipped.size).toBeGreaterThan(0);
    for (const tool of ['vitest', 'vite', 'typescript', 'eslint', 'prettier', 'electron', 'electron-builder', 'jsdom', 'playwright-core', '@playwright/test', 'fast-check']) {
      expect(shipped, tool).not.toContain(tool);
    }
    // The production tree as npm sees it: what `npm ci --omit=dev` would install.
    const { stdout } = await run('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: root }).catch((e: { stdout: string }) => ({ stdout: e.stdout }));
    const production = new Set(stdout.split('\n').flatMap((line) => /node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(line.trim())?.slice(1) ?? []));
    expect([...shipped].filter((name) => !production.has(name))).toEqual([]);
  });

  it('resolves every import of the built Node side inside the archive (dist/vendor holds the bundled libraries)', () => {
    const shipped = shippedPackages();
    const scripts = files.filter((f) => /^\/dist\/(main|shared|vendor)\/.*\.js$/.test(f));
    expect(scripts).toContain('/dist/vendor/zod/v4/classic/schemas.js');
    let relative = 0;
    for (const file of scripts) {
      const code = extractFile(asar, file.slice(1)).toString('utf8');
      for (const [, spec] of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s*)["']([^"']+)["']/g)) {
        if (!spec || spec.startsWith('node:') || spec === 'electron') continue;
        if (spec.startsWith('.')) {
          relative++;
          expect(files, `${file} imports ${spec}`).toContain(posix.join(posix.dirname(file), spec));
        } else {
          expect(shipped, `${file} imports the package ${spec}`).toContain(/^(@[^/]+\/[^/]+|[^/]+)/.exec(spec)?.[1]);
        }
      }
    }
    expect(relative).toBeGreaterThan(100);
    // Bundled, so not shipped a second time as packages.
    for (const name of ['zod', 'i18next', 'lowdb']) expect(shipped, name).not.toContain(name);
  });

  it('ships React once: bundled into the renderer, not again in node_modules', () => {
    const shipped = shippedPackages();
    for (const name of ['react', 'react-dom', 'react-i18next', 'scheduler']) expect(shipped, name).not.toContain(name);
    const scripts = readdirSync(join(root, 'dist/renderer/assets')).filter((f) => f.endsWith('.js'));
    const bundle = scripts.map((f) => readFileSync(join(root, 'dist/renderer/assets', f), 'utf8')).join('\n');
    expect(bundle).toMatch(/react\.dev|Minified React error|react-dom/);
  });
});
