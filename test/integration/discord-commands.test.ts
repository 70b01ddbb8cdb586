/**
 * `/mantra …` from the bot's DM, through the real discord.js and the loopback Discord, acting on
 * the real engine: every subcommand answers (ephemeral) with the figures the window shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Locale, MessageFlags } from 'discord.js';
import type { DeliveredMantra } from '../../shared/settings.js';
import { MANTRA_COMMAND, parseTimes } from '../../main/channels/discord/commands.js';
import { DiscordMirror } from '../../main/channels/discord/mirror.js';
import { snoozeRow } from '../../main/channels/discord/buttons.js';
import { deliveryText, discordWording, statsText, verdictText } from '../../main/channels/discord/wording.js';
import { createRecordingLogger } from '../../main/logger.js';
import { parseQuietHoursText } from '../../shared/quiet-hours-text.js';
import { parsePauseText } from '../../shared/pause.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.js';
import { openTestEngine, PROFILE, removeDir, type TestEngine } from '../unit/main/engine-harness.js';

let fake: FakeDiscord;
let t: TestEngine;
let mirror: DiscordMirror;
let owner: string;
let stranger: string;
let extranjera: string;

beforeAll(async () => {
  fake = await startFakeDiscord({ heartbeatIntervalMs: 150 });
  owner = fake.addUser({ username: 'owner' }).id;
  stranger = fake.addUser({ username: 'stranger' }).id;
  extranjera = fake.addUser({ username: 'extranjera', locale: Locale.SpanishES }).id;
  t = await openTestEngine({ timeZone: 'Europe/Berlin' });
  mirror = new DiscordMirror({
    engine: t.engine,
    audience: 'owner',
    profileId: PROFILE,
    dataDir: t.dir,
    token: fake.token,
    apiBase: fake.apiUrl,
    userId: owner,
    logger: createRecordingLogger(),
    now: () => t.clock.now(),
  });
  t.engine.addChannel(mirror);
  await mirror.start();
  await mirror.whenSettled();
  await fake.waitFor(() => fake.registeredCommands.length === 1, 3000, '/mantra registered');
});

afterAll(async () => {
  await mirror.stop();
  await t.engine.stop();
  await fake.close();
  removeDir(t.dir);
});

/** Runs `/mantra <sub>` as `user` and returns the interaction's reply. */
async function run(sub: string, options: Record<string, string | number> = {}, user = owner): Promise<{ content: string; ephemeral: boolean }> {
  const ref = fake.userRunsCommand(user, 'mantra', options, sub);
  const [response] = await fake.waitFor(() => fake.responsesTo(ref.id).length > 0 && fake.responsesTo(ref.id), 3000, `the reply to /mantra ${sub}`);
  expect(response).toMatchObject({ kind: 'callback', callbackType: 4 });
  const data = response!.body['data'] as { content: string; flags?: number };
  return { content: data.content, ephemeral: ((data.flags ?? 0) & MessageFlags.Ephemeral) !== 0 };
}

const snap = () => t.engine.snapshot(PROFILE);

describe('/mantra in the bot DM', () => {
  it('next before enrolling says how to start', async () => {
    const r = await run('next');
    expect(r.ephemeral).toBe(true);
    expect(r.content).toContain('/mantra enroll');
  });

  it("enroll enrolls and says when the first mantra comes; a second enroll is refused in the engine's words", async () => {
    const r = await run('enroll');
    expect(snap().state.enrolled).toBe(true);
    expect(r.content).toContain('Enrolled');
    expect(r.content).toContain('Next mantra: today at 12:00 (Europe/Berlin)');
    expect((await run('enroll')).content).toBe('⚠️ Mantras are already on.');
  });

  it('settings shows subject, controller, themes and zone, and changes them', async () => {
    const shown = await run('settings');
    expect(shown.content).toContain('Subject: I · controller: my future self');
    expect(shown.content).toContain('Focus (`focus`)');
    expect(shown.content).toContain('time zone: Europe/Berlin');

    const changed = await run('settings', { subject: 'we', controller: 'the team', themes: 'calm, courage', timezone: 'Asia/Tokyo' });
    expect(changed.content).toContain('Saved.');
    expect(snap().settings).toMatchObject({ subject: 'we', controller: 'the team', themes: ['calm', 'courage'], timeZone: 'Asia/Tokyo' });
    expect((await run('settings', { themes: 'nonsense' })).content).toBe('⚠️ There is no theme called nonsense.');
    expect((await run('settings', { timezone: 'Mars/Olympus' })).content).toBe('⚠️ That was not accepted. Time zone: not a time zone Mantra knows (pick one from the list, such as Europe/Berlin).');
    expect(snap().settings.themes).toEqual(['calm', 'courage']);
    await run('settings', { timezone: 'system' });
    expect(snap().settings.timeZone).toBeNull();
  });

  it('mode shows and sets adaptive | interval <hours> | fixed <times>', async () => {
    expect((await run('mode')).content).toContain('Mode: adaptive');
    expect((await run('mode', { kind: 'interval', hours: 3 })).content).toContain('Mode: every 3 h');
    expect(snap().settings).toMatchObject({ mode: 'interval', intervalHours: 3 });
    const fixed = await run('mode', { kind: 'fixed', times: '9:00, 13:30 20:00' });
    expect(fixed.content).toContain('Mode: at 09:00, 13:30 and 20:00 (Europe/Berlin)');
    expect(snap().settings.fixedTimes).toEqual(['09:00', '13:30', '20:00']);
    expect(snap().status).toMatchObject({ kind: 'waiting' });
    expect((await run('mode', { kind: 'fixed', times: '25:00' })).content).toBe('⚠️ That was not accepted. Fixed times, no. 1: must be a time of day such as 07:30 (00:00 to 23:59).');
    expect((await run('mode', { kind: 'adaptive' })).content).toContain('Mode: adaptive');
  });

  it('next shows the next delivery in the profile zone', async () => {
    const r = await run('next');
    const at = (snap().status as { nextAt: number }).nextAt;
    expect(r.content).toContain(`<t:${Math.floor(at / 1000)}:R>`);
    expect(r.content).toContain('(Europe/Berlin)');
  });

  it('pause <duration> pauses, resume resumes, nonsense durations are explained', async () => {
    expect((await run('pause', { duration: 'soon' })).content).toContain('“soon” is not a pause. Write 30m, 1h, 2h, 1d, tomorrow, morning');
    const paused = await run('pause', { duration: '2h' });
    expect(paused.content).toContain('Paused until today at 14:00 (Europe/Berlin)');
    expect(snap().state.pausedUntil).toBe(t.clock.now() + 2 * 3600_000);
    expect((await run('resume')).content).toContain('Resumed');
    expect(snap().status.kind).toBe('waiting');
    await run('pause', { duration: 'indefinitely' });
    expect(snap().state.pausedIndefinitely).toBe(true);
    await run('resume');
  });

  it('pause with a date pauses until then in the profile zone (vacation); quiet shows and sets quiet hours', async () => {
    const paused = await run('pause', { duration: '2027-01-10T08:30' });
    expect(snap().state.pausedUntil).toBe(Date.parse('2027-01-10T07:30:00Z'));
    expect(paused.content).toMatch(/Paused until .*08:30/);
    expect((await run('pause', { duration: '2027-02-30' })).content).toBe('⚠️ “2027-02-30” is not a date.');
    await run('resume');
    expect((await run('quiet')).content).toContain('No quiet hours');
    const set = await run('quiet', { hours: '22:00-07:00, 06:00-09:00 weekends' });
    expect(snap().settings.quietHours).toEqual([
      { from: '22:00', to: '07:00', days: 'all' },
      { from: '06:00', to: '09:00', days: 'weekends' },
    ]);
    expect(set.content).toContain('22:00-07:00 every day, 06:00-09:00 weekends');
    expect((await run('quiet', { hours: 'nights' })).content).toContain('“nights” is not a quiet window');
    await run('quiet', { hours: 'off' });
    expect(snap().settings.quietHours).toEqual([]);
  });

  it('stats answers with the figures of computeStats', async () => {
    t.engine.deliverNow(PROFILE);
    t.clock.advanceBy(30_000);
    t.engine.answer(PROFILE, snap().state.current!.text, 'window');
    const r = await run('stats');
    expect(r.content).toBe(statsText(t.engine.stats(PROFILE)));
    expect(r.content).toContain('Delivered 1 · answered 1');
    expect(r.content).toContain('Completion 100%');
  });

  it("answers in the profile's language (German, Spanish), in its clock; English again when unset", async () => {
    t.engine.updateSettings(PROFILE, { locale: 'de' });
    const de = await run('settings');
    expect(de.content).toContain('⚙️ **Einstellungen**');
    expect(de.content).toContain('Ändern mit `/mantra settings');
    expect((await run('mode')).content).toMatch(/^Modus: /);
    t.engine.updateSettings(PROFILE, { locale: 'es', hourCycle: 'h12' });
    const es = await run('quiet');
    expect(es.content).toMatch(/^🌙 (Sin horas de silencio|Horas de silencio)/);
    expect((await run('resume')).content).toMatch(/^(Reanudado|⚠️)/);
    expect((await run('stats')).content).toContain('📊 **Tus estadísticas de mantras**');
    t.engine.updateSettings(PROFILE, { locale: null, hourCycle: null });
    expect((await run('stats')).content).toContain('📊 **Your mantra stats**');
  });

  it("refuses in the profile's language, with nothing English inside: German, then Spanish", async () => {
    t.engine.updateSettings(PROFILE, { locale: 'de' });
    const english = /\b(the|is|not|quiet|window|answer|enroll(ed)?|already|must|use|write|between)\b/i;
    const replies = [
      await run('pause', { duration: 'bald' }),
      await run('pause', { duration: '0m' }),
      await run('quiet', { hours: 'nachts' }),
      await run('quiet', { hours: '22:00-22:00' }),
      await run('settings', { themes: 'unsinn' }),
      await run('mode', { kind: 'interval', hours: 0 }),
      await run('enroll'),
    ].map((r) => r.content);
    expect(replies).toEqual([
      '⚠️ „bald“ ist keine Pausenangabe. Schreib 30m, 1h, 2h, 1d, morgen, morgen früh, ein Datum wie 2026-12-24T18:00 oder unbegrenzt.',
      '⚠️ „0m“ ist keine Pause zwischen 1 Minute und einem Jahr.',
      '⚠️ „nachts“ ist keine Ruhezeit. Schreib 22:00-07:00 oder 23:00-07:00 werktags, 00:30-09:30 am Wochenende, oder aus.',
      '⚠️ Das wurde nicht übernommen. Ruhezeiten, Nr. 1: Beginn und Ende müssen verschiedene Uhrzeiten sein.',
      '⚠️ Es gibt kein Thema namens unsinn.',
      '⚠️ Das wurde nicht übernommen. Stunden zwischen zwei Mantras: mindestens 1.',
      '⚠️ Mantras sind schon eingeschaltet.',
    ]);
    for (const reply of replies) expect(reply).not.toMatch(english);
    // The words the German sentence suggests are understood.
    await run('pause', { duration: 'morgen früh' });
    expect(snap().state.pausedUntil).not.toBeNull();
    await run('resume');
    await run('quiet', { hours: '23:00-06:00 werktags' });
    expect(snap().settings.quietHours).toEqual([{ from: '23:00', to: '06:00', days: 'weekdays' }]);
    expect((await run('quiet', { hours: 'aus' })).content).not.toContain('⚠️');
    expect(snap().settings.quietHours).toEqual([]);

    t.engine.updateSettings(PROFILE, { locale: 'es' });
    expect((await run('pause', { duration: 'pronto' })).content).toBe(
      '⚠️ «pronto» no es una pausa. Escribe 30m, 1h, 2h, 1d, mañana, mañana temprano, una fecha como 2026-12-24T18:00 o indefinidamente.',
    );
    expect((await run('resume')).content).toBe('⚠️ Los mantras no están en pausa.');
    t.engine.updateSettings(PROFILE, { locale: null });
  });

  it('unenroll stops mantras', async () => {
    expect((await run('unenroll')).content).toContain('Unenrolled');
    expect(snap().status).toEqual({ kind: 'disabled', reason: 'user' });
  });

  it("answers someone else's command with a refusal and touches nothing", async () => {
    const before = snap().state;
    const r = await run('enroll', {}, stranger);
    expect(r.content).toContain('belongs to someone else');
    expect(snap().state).toEqual(before);
    // Discord sends the client's language with the command: a Spanish stranger is refused in Spanish.
    expect(await run('enroll', {}, extranjera)).toEqual({ content: 'Este bot de Mantra pertenece a otra persona; solo responde a su dueño.', ephemeral: true });
    expect(snap().state).toEqual(before);
  });
});

/** What /mantra pause reads from its duration (commands.ts passes the text to parsePauseText). */
const parsePause = (text: string) => {
  const parsed = parsePauseText(text);
  return parsed.ok ? parsed.input : null;
};

describe('command input parsing', () => {
  it('reads pause durations', () => {
    expect(parsePause('30m')).toEqual({ minutes: 30 });
    expect(parsePause('1h30m')).toEqual({ minutes: 90 });
    expect(parsePause('2 d')).toEqual({ minutes: 2880 });
    expect(parsePause('1w')).toEqual({ minutes: 10080 });
    expect(parsePause('Tomorrow')).toEqual({ until: 'tomorrow' });
    expect(parsePause('forever')).toEqual({ indefinitely: true });
    expect(parsePause('0m')).toBeNull();
    expect(parsePause('400d')).toBeNull();
    expect(parsePause('later')).toBeNull();
  });

  it('reads fixed times', () => {
    expect(parseTimes('9:00, 14:00;19:30  21:05')).toEqual(['09:00', '14:00', '19:30', '21:05']);
  });
});

describe('bot wording in the profile language', () => {
  const at = Date.UTC(2026, 11, 1, 13, 5); // 14:05 in Berlin
  const mantra = { id: 'calm-1', text: 'I stay *calm*', template: 'I stay *calm*', difficulty: 'moderate', basePoints: 50, theme: 'calm' } satisfies DeliveredMantra;

  it('writes the delivery DM in German with the 24-hour clock and in Spanish with the 12-hour one', () => {
    const de = deliveryText(mantra, at, 'Europe/Berlin', at - 60_000, discordWording({ locale: 'de', hourCycle: null }));
    expect(de).toContain('🧘 **Dein Mantra** · mittel, 50 Punkte');
    expect(de).toContain('Tippe es bis heute um 14:05 (Europe/Berlin)');
    expect(de).toContain('> I stay \\*calm\\*');
    const es = deliveryText(mantra, at, 'Europe/Berlin', at - 60_000, discordWording({ locale: 'es', hourCycle: 'h12' }));
    expect(es).toContain('🧘 **Tu mantra** · media, 50 puntos');
    expect(es).toMatch(/Escríbelo aquí; tienes hasta hoy a las 0?2:05\sp\.\s?m\. \(Europe\/Berlin\)/);
  });

  it('registers every option and choice with German and Spanish texts too, within Discord limits; values stay English', () => {
    // What the fake received over REST, read as the few fields checked here.
    type Texts = Partial<Record<string, string>> | null | undefined;
    type Registered = { name: string; description_localizations?: Texts; options?: Registered[]; choices?: { value: string | number; name_localizations?: Texts }[] };
    const registered = fake.registeredCommands.find((c) => c.name === 'mantra') as Registered | undefined;
    const subs = registered?.options ?? [];
    expect(subs.length).toBe(9);
    const options = subs.flatMap((s) => s.options ?? []);
    expect(options.map((o) => o.name).sort()).toEqual(['controller', 'duration', 'hours', 'hours', 'kind', 'subject', 'themes', 'times', 'timezone']);
    for (const o of [...subs, ...options]) {
      expect(Object.keys(o.description_localizations ?? {}).sort(), o.name).toEqual(['de', 'es-419', 'es-ES']);
      for (const text of Object.values(o.description_localizations ?? {})) expect(text?.length, o.name).toBeLessThanOrEqual(100);
    }
    const kind = options.find((o) => o.name === 'kind');
    const choices = kind?.choices ?? [];
    expect(choices.map((c) => [c.value, c.name_localizations?.de, c.name_localizations?.['es-ES']])).toEqual([
      ['adaptive', 'adaptiv (lernt, wann du antwortest)', 'adaptativo (aprende cuándo respondes)'],
      ['interval', 'Intervall (alle N Stunden)', 'intervalo (cada N horas)'],
      ['fixed', 'fest (Uhrzeiten)', 'fijo (horas del día)'],
    ]);
    // The German and Spanish examples are words the pause and quiet-hours parsers accept.
    expect(options.find((o) => o.name === 'duration')?.description_localizations?.de).toBe('30m, 2h, 1d, morgen, morgen früh, 2026-12-24T18:00 oder unbegrenzt');
    expect(['morgen', 'morgen früh', 'unbegrenzt', 'mañana temprano', 'indefinidamente'].map(parsePause)).toEqual([
      { until: 'tomorrow' },
      { until: 'morning' },
      { indefinitely: true },
      { until: 'morning' },
      { indefinitely: true },
    ]);
    expect(parseQuietHoursText('23:00-07:00 werktags, 00:30-09:30 am Wochenende').ok).toBe(true);
    expect(parseQuietHoursText('23:00-07:00 entre semana, 00:30-09:30 fines de semana').ok).toBe(true);
  });

  it('registers /mantra with German and Spanish descriptions; names stay English', () => {
    expect(MANTRA_COMMAND.description_localizations).toMatchObject({ de: 'Mantras per DM: anmelden, Zeitplan, Statistik', 'es-ES': 'Mantras por DM: inscripción, horario, estadísticas' });
    const pause = MANTRA_COMMAND.options?.find((o) => o.name === 'pause');
    expect(pause?.description_localizations).toMatchObject({
      de: 'Mantras eine Weile oder bis zu einem Datum (Urlaub) anhalten',
      'es-419': 'Detener los mantras un tiempo o hasta una fecha (vacaciones)',
    });
  });

  it('writes verdicts and button labels in German', () => {
    const w = discordWording({ locale: 'de', hourCycle: null });
    const miss = verdictText({ accepted: false, similarity: 0.5, expected: 'Ruhe', points: 0, streak: 0, responseMs: 1000, bonuses: { speed: 0, streak: 0 } }, w);
    expect(miss).toBe('❌ Nicht ganz (50 % ähnlich). Erwartet:\n> Ruhe\nVersuch es vor Ablauf der Frist noch einmal.');
    const hit = verdictText({ accepted: true, similarity: 1, expected: 'Ruhe', points: 60, streak: 3, responseMs: 90_000, bonuses: { speed: 0.2, streak: 0 } }, w);
    expect(hit).toBe('✅ **+60 Punkte** (Tempo +20 %) · Serie 3 · Antwortzeit: 2 Min.');
    expect(snoozeRow(w)[0]!.components.map((b) => ('label' in b ? b.label : ''))).toEqual(['10 min zurückstellen', '30 min zurückstellen', '1 h zurückstellen']);
  });
});
