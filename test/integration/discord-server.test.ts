/**
 * `mantra serve --discord` (startDiscordServer): the headless engine as a multi-user bot against
 * the loopback Discord. Each user who enrolls gets their own profile, curve and log.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Locale, MessageFlags } from 'discord.js';
import { ENCOUNTER } from '../../shared/constants.js';
import { hourOf } from '../../shared/zone.js';
import { createManualClock } from '../../main/engine/clock.js';
import { DiscordServeError, discordServerEnv, runDiscordServer, startDiscordServer } from '../../main/hosts/discord-bot/serve.js';
import { createRecordingLogger } from '../../main/logger.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.js';
import { removeDir, tempDataDir } from '../unit/main/engine-harness.js';
import { translator } from '../../shared/i18n/i18n.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(fake: FakeDiscord, extraEnv: NodeJS.ProcessEnv = {}) {
  const dir = tempDataDir();
  cleanups.push(() => removeDir(dir));
  const clock = createManualClock(Date.UTC(2026, 5, 1, 10, 0));
  const logger = createRecordingLogger();
  const server = await startDiscordServer({
    dataDir: dir,
    env: { MANTRA_DISCORD_TOKEN: fake.token, MANTRA_DISCORD_API: fake.apiUrl, ...extraEnv },
    clock,
    logger,
    writeDelayMs: 5,
    loginWaitMs: 5000,
  });
  cleanups.push(() => server.stop());
  return { server, clock, logger, dir };
}

async function command(fake: FakeDiscord, user: string, sub: string, options: Record<string, string | number> = {}) {
  const ref = fake.userRunsCommand(user, 'mantra', options, sub);
  const [response] = await fake.waitFor(() => fake.responsesTo(ref.id).length > 0 && fake.responsesTo(ref.id), 3000, `the reply to /mantra ${sub}`);
  const data = response!.body['data'] as { content: string; flags?: number };
  expect((data.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  return data.content;
}

async function startFake() {
  const fake = await startFakeDiscord({ heartbeatIntervalMs: 150 });
  cleanups.push(() => fake.close());
  return fake;
}

describe('mantra serve --discord', () => {
  it('runDiscordServer runs until stopped, then disconnects and writes the store', async () => {
    const fake = await startFake();
    const dir = tempDataDir();
    cleanups.push(() => removeDir(dir));
    const stop = new AbortController();
    const logger = createRecordingLogger();
    const running = runDiscordServer({ dataDir: dir, env: { MANTRA_DISCORD_TOKEN: fake.token, MANTRA_DISCORD_API: fake.apiUrl }, logger, signal: stop.signal });
    await fake.waitFor(() => fake.liveSessions === 1, 5000, 'the bot online');
    stop.abort();
    await running;
    expect(fake.liveSessions).toBe(0);
    expect(logger.lines.join('\n')).toContain('stopping the Discord bot');
    expect(logger.lines.join('\n')).not.toContain(fake.token);
  });

  it('refuses to start without MANTRA_DISCORD_TOKEN, or with a bad API URL, saying what to do', () => {
    expect(() => discordServerEnv({})).toThrow(DiscordServeError);
    expect(() => discordServerEnv({})).toThrow(/MANTRA_DISCORD_TOKEN is not set/);
    expect(() => discordServerEnv({}, translator('de'))).toThrow(/^MANTRA_DISCORD_TOKEN ist nicht gesetzt: lege unter https:\/\/discord\.com\/developers\/applications einen Bot an/);
    expect(() => discordServerEnv({ MANTRA_DISCORD_TOKEN: 'x.y.z', MANTRA_DISCORD_API: 'ftp://example' }, translator('es'))).toThrow(
      'MANTRA_DISCORD_API debe ser una URL http(s) como https://discord.com/api (se recibió «ftp://example»)',
    );
    expect(() => discordServerEnv({ MANTRA_DISCORD_TOKEN: 'x.y.z', MANTRA_DISCORD_API: 'ftp://example' })).toThrow(/MANTRA_DISCORD_API must be an http\(s\) URL/);
    expect(discordServerEnv({ MANTRA_DISCORD_TOKEN: 'Bot abc.def.ghi', MANTRA_DISCORD_API: 'http://127.0.0.1:9/api/' })).toEqual({ token: 'abc.def.ghi', apiBase: 'http://127.0.0.1:9/api' });
  });

  it('fails fast on a refused token with a clear message, leaving nothing running', async () => {
    const fake = await startFake();
    const dir = tempDataDir();
    cleanups.push(() => removeDir(dir));
    const badToken = 'YmFkYm90.YWJj.ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo';
    const attempt = startDiscordServer({ dataDir: dir, env: { MANTRA_DISCORD_TOKEN: badToken, MANTRA_DISCORD_API: fake.apiUrl }, logger: createRecordingLogger() });
    await expect(attempt).rejects.toThrow(DiscordServeError);
    await expect(attempt).rejects.toThrow(/refused the bot token/);
    await expect(attempt).rejects.not.toThrow(badToken);
    expect(fake.liveSessions).toBe(0);
    // Started in Spanish, it says so in Spanish.
    const spanish = startDiscordServer({ dataDir: dir, env: { MANTRA_DISCORD_TOKEN: badToken, MANTRA_DISCORD_API: fake.apiUrl }, logger: createRecordingLogger(), t: translator('es') });
    await expect(spanish).rejects.toThrow(
      /^Discord rechazó el token del bot \(401 Unauthorized\)\. Copia uno nuevo en el Developer Portal: tu aplicación > Bot > Reset Token\. \(MANTRA_DISCORD_TOKEN, http/,
    );
  });

  it('two users enroll by /mantra enroll and keep separate profiles, curves and logs; DMs are routed by author', async () => {
    const fake = await startFake();
    const alice = fake.addUser({ username: 'alice' }).id;
    const bob = fake.addUser({ username: 'bob' }).id;
    const carol = fake.addUser({ username: 'carol' }).id;
    const { server, clock, dir } = await serve(fake);
    expect(server.status().connection).toBe('connected');
    await fake.waitFor(() => fake.registeredCommands.length === 1, 3000, '/mantra registered');

    expect(await command(fake, alice, 'enroll')).toContain('Enrolled');
    expect(await command(fake, bob, 'enroll')).toContain('Enrolled');
    expect(server.engine.profileIds().sort()).toEqual([`discord-${alice}`, `discord-${bob}`].sort());
    expect(await command(fake, carol, 'stats')).toContain('/mantra enroll');

    clock.advanceBy(ENCOUNTER.enrollmentDelayMs);
    const mantraDm = (user: string) => fake.dms(user).find((m) => m.content.includes('Your mantra'));
    const aliceDm = await fake.waitFor(() => mantraDm(alice), 3000, "alice's mantra");
    const bobDm = await fake.waitFor(() => mantraDm(bob), 3000, "bob's mantra");
    const aliceMantra = server.engine.snapshot(`discord-${alice}`).state.current!;
    const bobMantra = server.engine.snapshot(`discord-${bob}`).state.current!;
    expect(aliceDm.content).toContain(aliceMantra.text);
    expect(bobDm.content).toContain(bobMantra.text);
    const curveBefore = server.engine.snapshot(`discord-${bob}`).state.curve;
    // The server's own zone (profiles start with none of their own).
    const hour = hourOf(clock.now(), server.engine.snapshot(`discord-${alice}`).timeZone);

    clock.advanceBy(3 * 60_000);
    const sent = fake.userSendsDm(alice, aliceMantra.text);
    await fake.waitFor(() => fake.dms(alice).find((m) => m.message_reference?.message_id === sent.id), 3000, "alice's result");
    const a = server.engine.snapshot(`discord-${alice}`).state;
    const b = server.engine.snapshot(`discord-${bob}`).state;
    expect(a).toMatchObject({ answered: 1, current: null });
    expect(b).toMatchObject({ answered: 0, current: bobMantra });
    expect(a.curve[hour]).toBeGreaterThan(0.5);
    expect(b.curve).toEqual(curveBefore);

    // Bob misses: his curve learns the miss, Alice's keeps her answer.
    clock.advanceTo(server.engine.snapshot(`discord-${bob}`).state.nextDelivery!);
    await server.engine.channelsIdle();
    const b2 = server.engine.snapshot(`discord-${bob}`).state;
    expect(b2.consecutiveFailures).toBe(1);
    expect(b2.curve[hour]).toBeLessThan(0.5);
    expect(server.engine.snapshot(`discord-${alice}`).state.curve[hour]).toBeGreaterThan(0.5);
    await fake.waitFor(() => fake.edits.find((e) => e.messageId === bobDm.id), 3000, "bob's DM edited");

    // A stranger who never enrolled is told how, and no profile appears.
    const carolSays = fake.userSendsDm(carol, 'hi');
    const hint = await fake.waitFor(() => fake.dms(carol).find((m) => m.message_reference?.message_id === carolSays.id), 3000, 'the hint');
    expect(hint.content).toContain('/mantra enroll');
    expect(server.engine.hasProfile(`discord-${carol}`)).toBe(false);

    expect(await command(fake, alice, 'stats')).toContain('answered 1');
    expect(await command(fake, bob, 'stats')).toContain('answered 0 · missed 1');
    await server.store.flush();
    expect(existsSync(join(dir, 'logs', `discord-${alice}.jsonl`))).toBe(true);
    expect(existsSync(join(dir, 'logs', `discord-${bob}.jsonl`))).toBe(true);
  });

  it("answers people it has no language for in their Discord client's language; a new user keeps it for the DMs, which carry none", async () => {
    const fake = await startFake();
    const ana = fake.addUser({ username: 'ana', locale: Locale.SpanishES }).id;
    const jonas = fake.addUser({ username: 'jonas', locale: Locale.German }).id;
    const sam = fake.addUser({ username: 'sam', locale: Locale.French }).id;
    const { server, clock } = await serve(fake);
    await fake.waitFor(() => fake.registeredCommands.length === 1, 3000, '/mantra registered');

    expect(await command(fake, ana, 'next')).toBe('Aún no estás inscrito. Usa `/mantra enroll` para empezar.');
    expect(await command(fake, jonas, 'stats')).toBe('Du bist noch nicht angemeldet. Mit `/mantra enroll` geht es los.');
    // A language Mantra does not speak falls back to English.
    expect(await command(fake, sam, 'next')).toBe('You are not enrolled yet. Run `/mantra enroll` to start.');

    expect(await command(fake, ana, 'enroll')).toMatch(/^🎉 Inscrito\. Los mantras llegan por DM/);
    expect(server.engine.snapshot(`discord-${ana}`).settings.locale).toBe('es');
    expect(await command(fake, sam, 'enroll')).toMatch(/^🎉 Enrolled\./);
    expect(server.engine.snapshot(`discord-${sam}`).settings.locale).toBeNull();
    // Later replies follow the profile's language, whatever the client says then.
    server.engine.updateSettings(`discord-${ana}`, { locale: 'de' });
    expect(await command(fake, ana, 'stats')).toContain('📊 **Deine Mantra-Statistik**');
    server.engine.updateSettings(`discord-${ana}`, { locale: 'es' });

    clock.advanceBy(ENCOUNTER.enrollmentDelayMs);
    const anaDm = await fake.waitFor(() => fake.dms(ana).find((m) => m.content.startsWith('🧘 **Tu mantra**')), 3000, "ana's mantra, in Spanish");
    // A button click carries the client's language too: with the profile's set back to automatic, it answers in Spanish.
    server.engine.updateSettings(`discord-${ana}`, { locale: null });
    const click = fake.userClicksButton(ana, anaDm.id, 'mantra:snooze:10');
    const [snoozed] = await fake.waitFor(() => fake.responsesTo(click.id).length > 0 && fake.responsesTo(click.id), 3000, 'the snooze reply');
    expect((snoozed!.body['data'] as { content: string }).content).toMatch(/^💤 Pospuesto hasta /);
    await fake.waitFor(() => fake.dms(sam).find((m) => m.content.startsWith('🧘 **Your mantra**')), 3000, "sam's mantra, in English");

    // A DM carries no locale: someone with no profile is told in English.
    const says = fake.userSendsDm(jonas, 'hallo');
    const hint = await fake.waitFor(() => fake.dms(jonas).find((m) => m.message_reference?.message_id === says.id), 3000, 'the hint');
    expect(hint.content).toBe('You are not enrolled yet. Run `/mantra enroll` to get mantras here.');
    expect(server.engine.hasProfile(`discord-${jonas}`)).toBe(false);
  });
});
