import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../main/cli/cli.js';
import { probeDiscord } from '../../main/cli/discord-probe.js';
import { discordCheck, runDoctor, formatCheck } from '../../main/cli/doctor.js';
import { discordUnavailable } from '../../main/engine/ports.js';
import { translator } from '../../shared/i18n/i18n.js';
import { launch } from '../../main/launch.js';
import { createRecordingLogger } from '../../main/logger.js';
import { openFileStore } from '../../main/store/file-store.js';
import { openTestEngine, PROFILE, removeDir, tempDataDir } from '../unit/main/engine-harness.js';

const dirs: string[] = [];
const dir = () => {
  const d = tempDataDir();
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

function io(cwd: string, env: NodeJS.ProcessEnv = {}): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => void stdout.push(l), err: (l) => void stderr.push(l), env, cwd, now: () => Date.UTC(2026, 5, 2, 12) };
}

/** A data directory with a profile that lived a little: enrolled, answered once, missed once. */
async function livedIn(): Promise<string> {
  const d = dir();
  const t = await openTestEngine({ dir: d });
  t.engine.updateSettings(PROFILE, { subject: 'we', mode: 'interval', intervalHours: 3 });
  t.engine.enroll(PROFILE);
  const out = t.engine.deliverNow(PROFILE);
  t.clock.advanceBy(5 * 60_000);
  t.engine.answer(PROFILE, out.state.current!.text, 'window');
  t.clock.advanceTo(t.clock.pending()[0]!);
  t.clock.advanceTo(t.clock.pending()[0]!);
  await t.engine.stop();
  return d;
}

/** Every file under a directory with its content hash: "untouched" means this stays equal. */
function fingerprint(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[path.slice(root.length)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(root);
  return out;
}

describe('doctor: Discord', () => {
  const answering =
    (status: number, body: unknown): typeof fetch =>
    async () =>
      new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

  it('without a token it reports the saved user and says where the token is', async () => {
    const d = dir();
    writeFileSync(join(d, 'discord.json'), JSON.stringify({ version: 1, config: { userId: '123456789012345678', apiBase: null, enabled: true } }));
    expect(await probeDiscord(d, {})).toMatchObject({ connection: 'off', enabled: true, userId: '123456789012345678', detail: expect.stringContaining('DMs go to user 123456789012345678') });
  });

  it('reports the saved switch: mirroring turned off is enabled false, and no call to Discord', async () => {
    const d = dir();
    writeFileSync(join(d, 'discord.json'), JSON.stringify({ version: 1, config: { userId: '123456789012345678', apiBase: null, enabled: false } }));
    const never: typeof fetch = async () => {
      throw new Error('no call expected');
    };
    expect(await probeDiscord(d, { MANTRA_DISCORD_TOKEN: 'abc.def' }, never)).toMatchObject({ connection: 'off', enabled: false, detail: expect.stringContaining('turned off') });
  });

  it('with MANTRA_DISCORD_TOKEN it asks Discord once: 401 is a bad token, 200 names the bot', async () => {
    const d = dir();
    const env = { MANTRA_DISCORD_TOKEN: 'Bot abc.def', MANTRA_DISCORD_API: 'http://127.0.0.1:9/api' };
    expect(await probeDiscord(d, env, answering(401, { message: '401: Unauthorized' }))).toMatchObject({ connection: 'bad-token' });
    expect(await probeDiscord(d, env, answering(200, { id: '1', username: 'MantraBot' }))).toMatchObject({ connection: 'connected', detail: expect.stringContaining('MantraBot') });
    expect(formatCheck({ ok: false, label: 'x', detail: 'y' })).toBe('✗ x: y');
  });
});

describe('mantra CLI', () => {
  it('--help lists every command; an unknown command or option is exit code 2', async () => {
    const a = io(dir());
    expect(await runCli(['--help'], a)).toBe(0);
    for (const cmd of ['start', 'serve', 'sim', 'doctor', 'export', 'import', 'rebuild']) expect(a.stdout.join('\n')).toContain(`  ${cmd}`);
    const b = io(dir());
    expect(await runCli(['frobnicate'], b)).toBe(2);
    expect(b.stderr[0]).toContain('unknown command "frobnicate"');
    expect(await runCli(['export', '--frob'], b)).toBe(2);
    expect(await runCli(['serve', '--port', 'x'], b)).toBe(2);
  });

  it('speaks the system language: German under LANG=de_DE, Spanish under LC_MESSAGES=es_ES (LC_ALL first)', async () => {
    const source = await livedIn();
    const work = dir();
    const de = io(work, { LANG: 'de_DE.UTF-8' });
    expect(await runCli(['export', 'backup.json', '--data-dir', source], de)).toBe(0);
    // Real plurals: one Profil, several Protokolleinträge, zero Themenpakete (German and Spanish count 0 as plural).
    expect(de.stdout[0]).toMatch(/^✓ 1 Profil, \d+ Protokolleinträge, 0 Themenpakete aus .* exportiert$/);
    const esExport = io(work, { LANG: 'es_ES.UTF-8' });
    expect(await runCli(['export', 'copia.json', '--data-dir', source], esExport)).toBe(0);
    expect(esExport.stdout[0]).toMatch(/^✓ exportación de .* a .*copia\.json: 1 perfil, \d+ entradas del registro, 0 paquetes de temas$/);
    const es = io(work, { LC_MESSAGES: 'es_ES.UTF-8', LANG: 'de_DE.UTF-8' });
    expect(await runCli(['export', 'backup.json', '--data-dir', source], es)).toBe(1);
    expect(es.stderr[0]).toMatch(/ya existe; usa --force para sobrescribirlo$/);
    const c = io(work, { LC_ALL: 'C', LANG: 'es_ES.UTF-8' });
    expect(await runCli(['frobnicate'], c)).toBe(2);
    expect(c.stderr[0]).toContain('unknown command "frobnicate"');
  });

  it('--help and each command help speak German and Spanish; --lang, then MANTRA_LANG, win over the system language', async () => {
    const work = dir();
    const de = io(work, { LANG: 'de_DE.UTF-8' });
    expect(await runCli(['--help'], de)).toBe(0);
    const help = de.stdout.join('\n');
    expect(help).toMatch(/^Aufruf: mantra <Befehl> \[Optionen\]/);
    expect(help).toContain('\nBefehle:\n');
    expect(help).toContain('  export [DATEI]     schreibt Einstellungen, Zustand und alle Protokolle in eine JSON-Datei\n');
    expect(help).toContain('  --data-dir ORDNER  Datenordner (Standard: $MANTRA_DATA_DIR');
    for (const cmd of ['start', 'serve', 'sim', 'doctor', 'export', 'import', 'rebuild']) expect(help).toContain(`\n  ${cmd}`);

    const es = io(work, { LANG: 'es_ES.UTF-8' });
    expect(await runCli(['export', '--help'], es)).toBe(0);
    const exportHelp = es.stdout.join('\n');
    expect(exportHelp).toMatch(/^Uso: mantra export \[ARCHIVO\] \[opciones\]\n/);
    expect(exportHelp).toContain('  --force            export: sobrescribir ARCHIVO');
    // One command's help lists only what that command reads.
    expect(exportHelp).not.toContain('--port');
    expect(exportHelp).not.toContain('rebuild');

    const c = io(work, { LC_ALL: 'C', LANG: 'de_DE.UTF-8' });
    expect(await runCli(['help', 'doctor'], c)).toBe(0);
    expect(c.stdout.join('\n')).toMatch(/^Usage: mantra doctor \[options\][^]*Exit code 0 when nothing is broken/);

    const flag = io(work, { LANG: 'de_DE.UTF-8' });
    expect(await runCli(['--lang', 'es_ES', 'frobnicate'], flag)).toBe(2);
    expect(flag.stderr[0]).toMatch(/^mantra: comando desconocido «frobnicate»\n\nUso: mantra <comando>/);
    // No command, a wrong option: the option is named first, then the help, in the CLI's language.
    const bogus = io(work, { LANG: 'de_DE.UTF-8' });
    expect(await runCli(['--bogus'], bogus)).toBe(2);
    expect(bogus.stderr[0]).toMatch(/^mantra: unbekannte Option --bogus\n\nAufruf: mantra <Befehl>/);
    const bogusEs = io(work, { LANG: 'es_ES.UTF-8' });
    expect(await runCli(['--bogus', '--lang', 'es'], bogusEs)).toBe(2);
    expect(bogusEs.stderr[0]).toMatch(/^mantra: opción desconocida --bogus\n\nUso: mantra <comando>/);
    const env = io(work, { MANTRA_LANG: 'de', LANG: 'es_ES.UTF-8' });
    expect(await runCli(['serve', '--port', 'x'], env)).toBe(2);
    expect(env.stderr[0]).toMatch(/^mantra: --port braucht eine ganze Zahl von 0 bis 65535/);
    const bad = io(work, { LANG: 'es_ES.UTF-8' });
    expect(await runCli(['doctor', '--lang=fr'], bad)).toBe(2);
    expect(bad.stderr[0]).toMatch(/^mantra: --lang fr no es un idioma que Mantra hable; elige en, de o es/);
  });

  it('export then import into an empty directory gives the same settings, state and log', async () => {
    const source = await livedIn();
    const work = dir();
    const out = io(work);
    expect(await runCli(['export', 'backup.json', '--data-dir', source], out)).toBe(0);
    expect(out.stdout[0]).toMatch(/^✓ exported 1 profile, \d+ log entries, 0 theme packs from/);
    const file = join(work, 'backup.json');
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { format: string; schemaVersion: number };
    expect(exported).toMatchObject({ format: 'mantra-export', schemaVersion: 1 });
    expect(await runCli(['export', 'backup.json', '--data-dir', source], io(work))).toBe(1);

    const target = join(dir(), 'fresh');
    expect(await runCli(['import', file, '--data-dir', target], io(work))).toBe(0);
    const [a, b] = [await openFileStore({ dataDir: source, logger: createRecordingLogger() }), await openFileStore({ dataDir: target, logger: createRecordingLogger() })];
    // The log mark and learnedBy are the source's own; the imported record gets both at its first start (no mark: its log is replayed whole, by its own learner).
    expect({ ...b.get(PROFILE), log: undefined, learnedBy: undefined }).toEqual({ ...a.get(PROFILE), log: undefined, learnedBy: undefined });
    expect(b.readLog(PROFILE)).toEqual(a.readLog(PROFILE));
    expect(b.get(PROFILE)?.settings.subject).toBe('we');
  });

  it('export carries imported theme packs and the Discord settings (never the token); import restores both, so a profile on an imported theme delivers', async () => {
    const source = dir();
    const t = await openTestEngine({ dir: source });
    const pack = readFileSync(new URL('../../docs/example-theme-pack.json', import.meta.url), 'utf8');
    expect(t.engine.importThemePack(pack).ok).toBe(true);
    t.engine.updateSettings(PROFILE, { themes: ['exam-prep'] });
    await t.engine.stop();
    writeFileSync(join(source, 'discord.json'), JSON.stringify({ version: 1, config: { userId: '123456789012345678', apiBase: null, enabled: false }, open: {}, recent: [] }));
    writeFileSync(join(source, 'discord-token.enc'), 'c2VjcmV0');
    const work = dir();
    const out = io(work);
    expect(await runCli(['export', 'all.json', '--data-dir', source], out)).toBe(0);
    expect(out.stdout[0]).toMatch(/, 1 theme pack and the Discord settings \(not the token\)/);
    const text = readFileSync(join(work, 'all.json'), 'utf8');
    expect(text).not.toContain('c2VjcmV0');

    const target = join(dir(), 'fresh');
    expect(await runCli(['import', 'all.json', '--data-dir', target], io(work))).toBe(0);
    expect(JSON.parse(readFileSync(join(target, 'discord.json'), 'utf8'))).toMatchObject({ config: { userId: '123456789012345678', enabled: false } });
    expect(existsSync(join(target, 'discord-token.enc'))).toBe(false);
    const restored = await openTestEngine({ dir: target });
    expect(restored.engine.listThemes(PROFILE).find((th) => th.id === 'exam-prep')).toMatchObject({ builtIn: false, enabled: true });
    restored.engine.enroll(PROFILE);
    expect(restored.engine.deliverNow(PROFILE).state.current?.theme).toBe('exam-prep');
    await restored.engine.stop();
  });

  it('a profile id like "__proto__" survives export and import', async () => {
    const source = dir();
    const t = await openTestEngine({ dir: source });
    t.engine.ensureProfile('__proto__');
    t.engine.updateSettings('__proto__', { subject: 'proto' });
    await t.engine.stop();
    const work = dir();
    expect(await runCli(['export', 'p.json', '--data-dir', source], io(work))).toBe(0);
    const target = join(dir(), 'fresh');
    expect(await runCli(['import', 'p.json', '--data-dir', target], io(work))).toBe(0);
    const store = await openFileStore({ dataDir: target, logger: createRecordingLogger() });
    expect(store.profileIds()).toContain('__proto__');
    expect(store.get('__proto__')?.settings.subject).toBe('proto');
    expect(store.get('constructor')).toBeUndefined();
  });

  it('import over existing data keeps the replaced data in a backup folder', async () => {
    const source = await livedIn();
    const target = await livedIn();
    const work = dir();
    await runCli(['export', 'a.json', '--data-dir', source], io(work));
    const before = fingerprint(target);
    const out = io(work);
    expect(await runCli(['import', 'a.json', '--data-dir', target], out)).toBe(0);
    const backup = out.stdout[1]?.match(/kept in (.+)$/)?.[1];
    expect(backup && existsSync(join(backup, 'mantra.json'))).toBe(true);
    expect(fingerprint(backup!)).toEqual(
      Object.fromEntries(
        Object.entries(before)
          .filter(([k]) => k.startsWith('/mantra.json') || k.startsWith('/logs/'))
          .map(([k, v]) => [k, v]),
      ),
    );
  });

  it('a bad import file is refused with the bad field named, and the data stays untouched', async () => {
    const target = await livedIn();
    const work = dir();
    await runCli(['export', 'good.json', '--data-dir', target], io(work));
    const doc = JSON.parse(readFileSync(join(work, 'good.json'), 'utf8')) as { profiles: { log: { type: string; at: unknown }[] }[] };
    doc.profiles[0]!.log[1]!.at = 'last tuesday';
    writeFileSync(join(work, 'bad.json'), JSON.stringify(doc));
    writeFileSync(join(work, 'torn.json'), readFileSync(join(work, 'good.json'), 'utf8').slice(0, 300));

    const before = fingerprint(target);
    const bad = io(work);
    expect(await runCli(['import', 'bad.json', '--data-dir', target], bad)).toBe(1);
    expect(bad.stderr[0]).toMatch(/is not a valid Mantra export; nothing was changed/);
    expect(bad.stderr.join('\n')).toContain('profiles.0.log.1.at');
    const torn = io(work);
    expect(await runCli(['import', 'torn.json', '--data-dir', target], torn)).toBe(1);
    expect(torn.stderr.join('\n')).toContain('not JSON');
    expect(await runCli(['import', 'missing.json', '--data-dir', target], io(work))).toBe(1);
    expect(fingerprint(target)).toEqual(before);
  });

  it('rebuild replays the log and prints what changed', async () => {
    const d = await livedIn();
    const doc = JSON.parse(readFileSync(join(d, 'mantra.json'), 'utf8')) as { profiles: Record<string, { state: { points: number; streak: number } }> };
    const points = doc.profiles[PROFILE]!.state.points;
    doc.profiles[PROFILE]!.state.points = 99_999;
    writeFileSync(join(d, 'mantra.json'), JSON.stringify(doc));
    const out = io(d);
    expect(await runCli(['rebuild', '--data-dir', d], out)).toBe(0);
    expect(out.stdout).toEqual([expect.stringMatching(/^desktop: replayed \d+ log entries; 1 field changed:$/), `  points: 99999 -> ${points}`]);
    const again = io(d);
    await runCli(['rebuild', '--data-dir', d], again);
    expect(again.stdout[0]).toMatch(/state unchanged$/);
  });

  it('doctor prints a line per check, with ✓, ✗ or ○', async () => {
    const d = await livedIn();
    const checks = await runDoctor({
      dataDir: d,
      notify: { show: async () => ({ delivered: true }), onClick: () => () => {}, check: async () => ({ ok: false, backend: 'notify-send', detail: 'no notification daemon answers' }) },
      discordStatus: async () => discordUnavailable.status(),
      electron: () => ({ ok: false, reason: 'the Electron binary was never downloaded' }),
      rendererIndex: join(d, 'nope', 'index.html'),
    });
    const lines = checks.map(formatCheck);
    expect(lines[0]).toBe(`✓ data directory: ${d} (writable)`);
    expect(lines.some((l) => /^✓ log desktop\.jsonl: \d+ entries$/.test(l))).toBe(true);
    expect(lines.some((l) => /^✓ settings and state: 1 profile in /.test(l))).toBe(true);
    expect(lines).toContain('✗ desktop notifications: notify-send: no notification daemon answers');
    expect(lines).toContain('○ Discord mirror: off: Discord mirror not available in this build.');
    // The same status, asked by a German doctor: the sentence too is German.
    expect(formatCheck(discordCheck(discordUnavailable.status(), translator('de')))).toBe('○ Discord-Spiegelung: aus: Diese Version von Mantra hat keine Discord-Spiegelung.');
    expect(lines.some((l) => l.startsWith('○ Electron runtime: not available'))).toBe(true);
  });

  it('doctor speaks the CLI language: every label and its own details in German or Spanish, the same marks and exit code', async () => {
    const d = await livedIn();
    const deps = {
      dataDir: d,
      notify: { show: async () => ({ delivered: true }), onClick: () => () => {}, check: async () => ({ ok: true, backend: 'notify-send', detail: 'dunst answers' }) },
      discordStatus: async () => probeDiscord(d, {}, fetch, 5000, translator('de')),
      electron: () => ({ ok: false, reason: 'x' }) as const,
      rendererIndex: join(d, 'nope', 'index.html'),
    };
    const de = (await runDoctor({ ...deps, t: translator('de') })).map(formatCheck);
    expect(de[0]).toBe(`✓ Datenordner: ${d} (beschreibbar)`);
    expect(de).toContain(`✓ Einstellungen und Zustand: 1 Profil in ${join(d, 'mantra.json')}`);
    expect(de.some((l) => /^✓ Protokoll desktop\.jsonl: \d+ Einträge$/.test(l))).toBe(true);
    expect(de).toContain('✓ Zustand von „desktop“: stimmt mit dem Protokoll überein');
    expect(de).toContain('○ Discord-Spiegelung: aus: keine Discord-Nutzer-ID gesetzt; das Token verwahrt die Tray-App (oder setze MANTRA_DISCORD_TOKEN, um es hier zu prüfen).');
    expect(de).toContain('○ Electron-Laufzeit: nicht verfügbar (x); `mantra start` startet stattdessen den Headless-Host');
    expect(de).toContain('○ Fenster (Renderer): nicht gebaut; führe `npm run build:renderer` aus (die API funktioniert auch ohne)');
    // Mantra's own words about notifications and Electron are data, worded here; the bus's own reason stays as it came.
    const said = await runDoctor({
      ...deps,
      notify: {
        ...deps.notify,
        check: async () => ({ ok: false, backend: 'notify-send', detail: 'x', said: { key: 'noDaemon', bin: '/usr/bin/notify-send', reason: 'Error org.freedesktop.DBus.Error.ServiceUnknown' } }),
      },
      electron: () => ({ ok: false, reason: 'the Electron binary was never downloaded', problem: { kind: 'neverDownloaded' } }) as const,
      t: translator('de'),
    });
    expect(said.map(formatCheck)).toContain(
      '✗ Desktop-Benachrichtigungen: notify-send: /usr/bin/notify-send; kein Benachrichtigungsdienst antwortet auf dem Sitzungsbus: Error org.freedesktop.DBus.Error.ServiceUnknown',
    );
    expect(said.map(formatCheck)).toContain('○ Electron-Laufzeit: nicht verfügbar (das Electron-Programm wurde nie heruntergeladen); `mantra start` startet stattdessen den Headless-Host');
    const saidEs = await runDoctor({
      ...deps,
      notify: { ...deps.notify, check: async () => ({ ok: false, backend: 'notify-send', detail: 'x', said: { key: 'notifySendMissing' } }) },
      t: translator('es'),
    });
    expect(saidEs.map(formatCheck)).toContain('✗ notificaciones de escritorio: notify-send: notify-send no está en el PATH; instala libnotify-bin (Debian/Ubuntu) o libnotify (Fedora/Arch)');

    // Through the command itself under a Spanish system: the real notification and Electron probes, so only the stable lines are checked.
    const es = io(dir(), { LANG: 'es_ES.UTF-8' });
    const code = await runCli(['doctor', '--data-dir', d], es);
    expect(es.stdout[0]).toBe(`✓ carpeta de datos: ${d} (con permiso de escritura)`);
    expect(es.stdout).toContain(`✓ estado de «desktop»: coincide con el registro`);
    expect(es.stdout.some((l) => l.startsWith('○ reenvío a Discord: desactivado: no hay ningún ID de usuario de Discord;'))).toBe(true);
    expect(code).toBe(es.stdout.some((l) => l.startsWith('✗')) ? 1 : 0);
    const de2 = io(dir(), { LANG: 'de_DE.UTF-8' });
    expect(await runCli(['doctor', '--data-dir', d], de2)).toBe(code);
    expect(de2.stdout[0]).toBe(`✓ Datenordner: ${d} (beschreibbar)`);
    expect(de2.stdout.some((l) => /^. Desktop-Benachrichtigungen: /.test(l))).toBe(true);
  });

  it('start without the Electron runtime says so in one line and runs the headless host', async () => {
    const notices: string[] = [];
    let served = 0;
    const code = await launch({
      runtime: () => ({ ok: false, reason: 'the Electron binary was never downloaded; download failed: getaddrinfo ENOTFOUND github.com' }),
      notice: (l) => notices.push(l),
      serve: async () => void served++,
    });
    expect(code).toBe(0);
    expect(served).toBe(1);
    expect(notices).toEqual([
      'Electron runtime not available (the Electron binary was never downloaded; download failed: getaddrinfo ENOTFOUND github.com); starting the headless host instead — open the URL below',
    ]);
    await launch({ runtime: () => ({ ok: false, reason: 'nie heruntergeladen' }), notice: (l) => notices.push(l), serve: async () => undefined, t: translator('de') });
    expect(notices[1]).toBe('Electron-Laufzeit nicht verfügbar (nie heruntergeladen); stattdessen startet der Headless-Host – öffne die Adresse unten');
    // The reason as data is worded too; the installer's own error stays as it came.
    await launch({
      runtime: () => ({ ok: false, reason: 'x', problem: { kind: 'neverDownloaded' }, download: { kind: 'failed', error: 'getaddrinfo ENOTFOUND github.com' } }),
      notice: (l) => notices.push(l),
      serve: async () => undefined,
      t: translator('de'),
    });
    expect(notices[2]).toBe(
      'Electron-Laufzeit nicht verfügbar (das Electron-Programm wurde nie heruntergeladen; Download fehlgeschlagen: getaddrinfo ENOTFOUND github.com); stattdessen startet der Headless-Host – öffne die Adresse unten',
    );
  });
});
