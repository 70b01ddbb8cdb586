import { existsSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../main/cli/cli.js';
import { createManualClock } from '../../main/engine/clock.js';
import { runHeadless, startHeadless, type HeadlessHost } from '../../main/hosts/headless/headless.js';
import { claimDataDir, DataDirBusyError, instanceAddress, replyLineWords } from '../../main/hosts/single-instance.js';
import { createRecordingLogger } from '../../main/logger.js';
import { tempDataDir } from '../unit/main/engine-harness.js';
import { headlessRig, quietNotify } from './headless-rig.js';
import { translator, type TFunction } from '../../shared/i18n/i18n.js';

const { dirs, hosts } = headlessRig();
function dataDir(): string {
  const d = tempDataDir();
  dirs.push(d);
  return join(d, 'data');
}
function io(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => void stdout.push(l), err: (l) => void stderr.push(l), env: {}, cwd: dirs[0] ?? '/', now: () => Date.UTC(2026, 5, 1) };
}
async function host(dir: string, print: string[] = [], t?: TFunction): Promise<HeadlessHost> {
  const h = await startHeadless({
    ...(t ? { t } : {}),
    dataDir: dir,
    port: 0,
    notify: quietNotify,
    rendererDir: join(dir, 'none'),
    clock: createManualClock(Date.UTC(2026, 5, 1, 10)),
    logger: createRecordingLogger(),
    print: (l) => void print.push(l),
  });
  hosts.push(h);
  return h;
}

describe('one process per data directory', () => {
  it('a second claim finds the holder, which answers with its pid and role; released, the directory is free again', async () => {
    const dir = dataDir();
    const first = await claimDataDir(dir, 'import');
    expect(first.kind).toBe('acquired');
    const second = await claimDataDir(dir, 'rebuild');
    expect(second.kind).toBe('running');
    if (second.kind !== 'running' || first.kind !== 'acquired') return;
    const writeFailed = { detail: 'ENOSPC', failures: 2, since: 0 };
    first.lock.serve({ role: 'headless', url: 'http://127.0.0.1:1/' }, async () => [{ writeFailed }]);
    expect(await second.ask({ kind: 'hello' })).toEqual({ ok: true, info: { pid: process.pid, role: 'headless', url: 'http://127.0.0.1:1/' }, done: [{ writeFailed }] });
    expect(replyLineWords({ writeFailed }, translator('es'))).toBe('no puede guardar desde 1970-01-01T00:00:00.000Z (2 intentos fallidos): ENOSPC');
    expect(replyLineWords({ busyWith: 'import' }, translator('de'))).toBe('`mantra import` läuft gerade; nichts wurde übergeben');
    await first.lock.release();
    const third = await claimDataDir(dir, 'rebuild');
    expect(third.kind).toBe('acquired');
    if (third.kind === 'acquired') await third.lock.release();
  });

  it('refuses a caller without the data directory access token', async () => {
    const dir = dataDir();
    const claim = await claimDataDir(dir, 'headless');
    if (claim.kind !== 'acquired') throw new Error('not acquired');
    const served: string[] = [];
    claim.lock.serve({ role: 'headless', url: null }, async (r) => (served.push(r.kind), []));
    const reply = await new Promise<string>((resolve) => {
      const s = createConnection(instanceAddress(dir));
      let text = '';
      s.on('data', (c) => (text += String(c)));
      s.on('close', () => resolve(text));
      s.write(`${JSON.stringify({ token: 'f'.repeat(64), request: { kind: 'commands', commands: [{ kind: 'quit' }] } })}\n`);
    });
    expect(JSON.parse(reply)).toEqual({ ok: false, error: 'wrong access token' });
    expect(served).toEqual([]);
    await claim.lock.release();
  });

  it('a second headless host does not start: it hands its flags to the first, prints the address and exits 0', async () => {
    const dir = dataDir();
    const first = await host(dir);
    first.engine.enroll('desktop');
    await expect(host(dir)).rejects.toBeInstanceOf(DataDirBusyError);
    const printed: string[] = [];
    const code = await runHeadless({ dataDir: dir, port: 0, notify: quietNotify, logger: createRecordingLogger(), print: (l) => void printed.push(l), commands: [{ kind: 'deliverNow' }] });
    expect(code).toBe(0);
    expect(printed[0]).toBe(`Mantra is already running at http://127.0.0.1:${first.port}/?token=${first.token} (pid ${process.pid})`);
    expect(printed[1]).toBe('  --deliver-now: done');
    expect(first.engine.snapshot('desktop').status.kind).toBe('pending');
    // The same flag again is refused by the engine, and the refusal reaches the second terminal.
    const again: string[] = [];
    await runHeadless({ dataDir: dir, notify: quietNotify, logger: createRecordingLogger(), print: (l) => void again.push(l), commands: [{ kind: 'deliverNow' }] });
    expect(again[1]).toBe('  --deliver-now: not done. A mantra is already waiting for your answer.');
    // ...and in German when the second terminal speaks German, though the running host was started in English.
    const de: string[] = [];
    await runHeadless({ dataDir: dir, notify: quietNotify, logger: createRecordingLogger(), print: (l) => void de.push(l), commands: [{ kind: 'deliverNow' }], t: translator('de') });
    expect(de[1]).toBe('  --deliver-now: nicht ausgeführt. Ein Mantra wartet schon auf deine Antwort.');
    // The second terminal is told in its own language (the CLI passes its translator).
    const es: string[] = [];
    await runHeadless({ dataDir: dir, notify: quietNotify, logger: createRecordingLogger(), print: (l) => void es.push(l), t: translator('es') });
    expect(es).toEqual([`Mantra ya está en marcha en http://127.0.0.1:${first.port}/?token=${first.token} (PID ${process.pid})`]);
  });

  it("a host started in German prints its address in German; a handed-over flag is answered in the second launch's language", async () => {
    const dir = dataDir();
    const printed: string[] = [];
    const first = await host(dir, printed, translator('de'));
    expect(printed).toEqual([`Mantra läuft unter ${first.url}`]);
    // Not enrolled: the running host refuses, and a Spanish terminal reads why in Spanish.
    const refused: string[] = [];
    await runHeadless({ dataDir: dir, notify: quietNotify, logger: createRecordingLogger(), print: (l) => void refused.push(l), commands: [{ kind: 'deliverNow' }], t: translator('es') });
    expect(refused[1]).toBe('  --deliver-now: no se hizo. Los mantras están desactivados: actívalos primero.');
    first.engine.enroll('desktop');
    const english: string[] = [];
    await runHeadless({ dataDir: dir, notify: quietNotify, logger: createRecordingLogger(), print: (l) => void english.push(l), commands: [{ kind: 'deliverNow' }] });
    expect(english[1]).toBe('  --deliver-now: done');
  });

  it('a handed-over --quit stops the running host and frees the directory', async () => {
    const dir = dataDir();
    const first = await host(dir);
    await runHeadless({ dataDir: dir, notify: quietNotify, logger: createRecordingLogger(), print: () => undefined, commands: [{ kind: 'quit' }] });
    await first.closed;
    const next = await claimDataDir(dir, 'import');
    expect(next.kind).toBe('acquired');
    if (next.kind === 'acquired') await next.lock.release();
  });

  it('import and rebuild refuse while a host runs, say which process and how to stop it, and change nothing', async () => {
    const dir = dataDir();
    const first = await host(dir);
    first.engine.enroll('desktop');
    await first.store.flush();
    const before = readFileSync(join(dir, 'mantra.json'), 'utf8');
    const out = io();
    expect(await runCli(['rebuild', '--data-dir', dir], out)).toBe(1);
    expect(out.stderr.join('\n')).toContain(
      `✗ rebuild refused, nothing was changed. Mantra (headless, pid ${process.pid} at http://127.0.0.1:${first.port}/) is running on this data directory: quit it`,
    );
    // Export only reads: it works while the host runs; importing the file back is refused.
    const file = join(dir, '..', 'export.json');
    expect(await runCli(['export', file, '--data-dir', dir], io())).toBe(0);
    const imp = io();
    expect(await runCli(['import', file, '--data-dir', dir], imp)).toBe(1);
    expect(imp.stderr.join('\n')).toContain('import refused');
    const de = io();
    expect(await runCli(['import', file, '--data-dir', dir, '--lang', 'de'], de)).toBe(1);
    expect(de.stderr.join('\n')).toContain(
      `✗ import abgelehnt, nichts wurde geändert. Mantra (headless, PID ${process.pid} unter http://127.0.0.1:${first.port}/) läuft auf diesem Datenordner: beende es`,
    );
    expect(readFileSync(join(dir, 'mantra.json'), 'utf8')).toBe(before);
    expect(existsSync(join(dir, 'logs', 'desktop.jsonl'))).toBe(true);
  });

  it('serve refuses options that are not launch flags', async () => {
    const out = io();
    expect(await runCli(['serve', '--frob'], out)).toBe(2);
    expect(await runCli(['serve', '--pause', 'soon'], out)).toBe(2);
    expect(out.stderr.join('\n')).toContain('mantra: --pause: “soon” is not a pause. Write 30m, 1h');
    const es = { ...io(), env: { LANG: 'es_ES.UTF-8' } };
    expect(await runCli(['serve', '--pause', 'soon', '--snooze', '7x'], es)).toBe(2);
    expect(es.stderr).toEqual([
      expect.stringMatching(/^mantra: --pause: «soon» no es una pausa\. Escribe 30m, 1h, 2h, 1d, mañana/),
      'mantra: --snooze: «7x» no es un tiempo para posponer: usa 10m, 30m o 1h',
    ]);
  });
});
