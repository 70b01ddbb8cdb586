/**
 * The real `mantra` command (the built CLI, as bin/mantra.js runs it) under a German or
 * Spanish LANG on fresh data directories: what a newcomer reads on the terminal.
 */
import { test, expect } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'mantra.js');
const dirs: string[] = [];
const children: ChildProcess[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'mantra-cli-'));
  dirs.push(d);
  return d;
};
const envFor = (dataDir: string, lang: string) => ({ ...process.env, LANG: lang, LC_ALL: '', LC_MESSAGES: '', MANTRA_LANG: '', MANTRA_DATA_DIR: dataDir, MANTRA_PORT: '0', MANTRA_KEYRING: 'off' });

test.afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGTERM');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Starts `mantra serve ...` and collects what it writes; `until` waits on a condition, never a sleep. */
function serve(dataDir: string, lang: string, args: string[] = []) {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: ROOT, env: envFor(dataDir, lang), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const out = { stdout: '', stderr: '' };
  child.stdout?.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const until = (what: () => boolean) => expect.poll(what, { timeout: 15_000 }).toBe(true);
  return { child, out, until };
}

test('serve --deliver-now on a fresh data directory: German on the terminal, English in the log file', async () => {
  const dir = fresh();
  const host = serve(dir, 'de_DE.UTF-8', ['--deliver-now']);
  await host.until(() => host.out.stderr.includes('--deliver-now: nicht ausgeführt.'));
  expect(host.out.stdout).toMatch(/^Mantra läuft unter http:\/\/127\.0\.0\.1:\d+\//);
  expect(host.out.stderr).toContain(
    'mantra: Warnung: --deliver-now: nicht ausgeführt. Mantras sind ausgeschaltet: Schalte sie zuerst ein. Öffne das Fenster unter der Adresse oben und schalte die Mantras dort ein; danach schickt --deliver-now eines.',
  );
  expect(host.out.stderr).not.toContain('enroll first');

  // A second launch hands its flag to the running host and is answered by the flag the user typed, in Spanish.
  const second = spawnSync(process.execPath, [BIN, 'serve', '--deliver-now'], { cwd: ROOT, env: envFor(dir, 'es_ES.UTF-8'), encoding: 'utf8', timeout: 15_000 });
  expect(second.status).toBe(0);
  expect(second.stdout).toContain('  --deliver-now: no se hizo. Los mantras están desactivados: actívalos primero.');

  const stopped = new Promise((r) => host.child.once('exit', r));
  host.child.kill('SIGTERM');
  await stopped;
  const log = readdirSync(join(dir, 'log'))
    .map((f) => readFileSync(join(dir, 'log', f), 'utf8'))
    .join('');
  expect(log).toContain('deliverNow: enroll first: delivery is off');
  expect(log).not.toContain('nicht ausgeführt');

  // The profile it made, exported: one Profil, Themenpakete for none (German counts 0 as plural).
  const exported = spawnSync(process.execPath, [BIN, 'export', 'sicherung.json'], { cwd: dir, env: envFor(dir, 'de_DE.UTF-8'), encoding: 'utf8' });
  expect(exported.status).toBe(0);
  expect(exported.stdout).toMatch(/^✓ 1 Profil, \d+ Protokolleinträge?, 0 Themenpakete aus .* nach .*sicherung\.json exportiert\n$/);
});

test('mantra --bogus names the option first in Spanish; an empty export counts in Spanish plurals', () => {
  const dir = fresh();
  const bogus = spawnSync(process.execPath, [BIN, '--bogus'], { cwd: dir, env: envFor(dir, 'es_ES.UTF-8'), encoding: 'utf8' });
  expect(bogus.status).toBe(2);
  expect(bogus.stderr).toMatch(/^mantra: opción desconocida --bogus\n\nUso: mantra <comando>/);
  const none = spawnSync(process.execPath, [BIN, 'export', 'vacio.json'], { cwd: dir, env: envFor(dir, 'es_ES.UTF-8'), encoding: 'utf8' });
  expect(none.status).toBe(0);
  expect(none.stdout).toMatch(/^✓ exportación de .* a .*vacio\.json: 0 perfiles, 0 entradas del registro, 0 paquetes de temas\n$/);
});
