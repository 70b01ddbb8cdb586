import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fake, resetFake, nativeTheme, type FakeMenu } from './electron-fake.js';
import { MANTRA, NOW, STATUSES, ZONE, recordingApi, snapshotWith } from './shell-fixtures.js';
import { ApiError } from '../../../shared/api.js';
import { translator } from '../../../shared/i18n/i18n.js';

vi.mock('electron', () => import('./electron-fake.js'));

const { statusLine, trayMenu, trayState, trayClick, trayIconFile, pauseChoices } = await import('../../../main/hosts/electron/tray-menu.js');
const { TrayIcon, menuTemplate } = await import('../../../main/hosts/electron/tray.js');
const { commandOutcomeSchema, outcomeWords, performCommand } = await import('../../../main/hosts/electron/commands.js');
const { createRecordingLogger } = await import('../../../main/logger.js');
const { wordingOf } = await import('../../../shared/time-words.js');

type Item = { label?: string; type?: string; enabled?: boolean; click?: () => void; submenu?: Item[] };
const labels = (items: readonly { label?: string; type?: string }[]) => items.map((i) => (i.type === 'separator' ? '---' : i.label));
const find = (items: Item[], label: string): Item => {
  const item = items.find((i) => i.label === label);
  if (!item) throw new Error(`no menu item "${label}" in ${labels(items).join(' | ')}`);
  return item;
};

/** Runs commands on a recording API and records the window and quit requests. */
function target() {
  const api = recordingApi();
  const log: string[] = [];
  const t = { api, showAnswer: () => void log.push('showAnswer'), showSettings: () => void log.push('showSettings'), quit: () => void log.push('quit'), logger: createRecordingLogger() };
  const pending: Promise<unknown>[] = [];
  return { api, log, run: (c: Parameters<typeof performCommand>[0]) => void pending.push(performCommand(c, t)), settled: () => Promise.all(pending) };
}

beforeEach(() => resetFake());

describe('status line and tooltip text', () => {
  it('says when, what waits, or until when it is paused, in the profile zone', () => {
    expect(statusLine(STATUSES.waiting!, NOW, ZONE)).toBe('Next delivery today at 14:05');
    expect(statusLine(STATUSES.pending!, NOW, ZONE)).toBe('A mantra is waiting (until today at 12:30)');
    expect(statusLine(STATUSES.pausedUntil!, NOW, ZONE)).toBe('Paused until today at 13:00');
    expect(statusLine(STATUSES.pausedForever!, NOW, ZONE)).toBe('Paused indefinitely');
    expect(statusLine(STATUSES.notEnrolled!, NOW, ZONE)).toBe('Delivery is off');
    expect(statusLine(STATUSES.disabled!, NOW, ZONE)).toBe('Delivery turned off after missed mantras');
  });

  it('names the day and joins it to the time as the window does (dayTime: "tomorrow at 01:00")', () => {
    expect(statusLine({ kind: 'waiting', nextAt: NOW + 20 * 3_600_000 }, NOW, ZONE)).toBe('Next delivery tomorrow at 08:00');
    expect(statusLine({ kind: 'waiting', nextAt: NOW + 3 * 86_400_000 }, NOW, ZONE)).toBe('Next delivery Thu 4 Jun at 12:00');
    expect(statusLine({ kind: 'paused', until: NOW + 3 * 86_400_000 }, NOW, ZONE)).toBe('Paused until Thu 4 Jun at 12:00');
    expect(statusLine({ kind: 'pending', mantra: MANTRA, sentAt: NOW, deadline: NOW + 13 * 3_600_000 }, NOW, ZONE)).toBe('A mantra is waiting (until tomorrow at 01:00)');
  });
});

describe('the tray in the user language', () => {
  it('speaks German with the German clock, or follows the system language and the 12-hour choice', () => {
    const de = wordingOf({ locale: 'de', hourCycle: null }, ['en-US']);
    expect(statusLine(STATUSES.waiting!, NOW, ZONE, de)).toMatch(/^Nächste Zustellung (heute|morgen|.+) um \d\d:\d\d$/);
    expect(statusLine({ kind: 'paused', until: NOW + 13 * 3_600_000 }, NOW, ZONE, de)).toBe('Pausiert bis morgen um 01:00');
    expect(labels(trayMenu(STATUSES.waiting!, NOW, ZONE, de)).slice(2)).toEqual(['Jetzt antworten', 'Zurückstellen', 'Jetzt zustellen', 'Pausieren', '---', 'Einstellungen…', 'Mantra beenden']);
    const es = wordingOf({ locale: null, hourCycle: 'h12' }, ['es_ES.UTF-8']);
    expect(statusLine(STATUSES.pausedForever!, NOW, ZONE, es)).toBe('En pausa indefinida');
    expect(labels(trayMenu(STATUSES.waiting!, NOW, ZONE, es)).at(-1)).toBe('Salir de Mantra');
    expect(statusLine(STATUSES.waiting!, NOW, ZONE, es)).toMatch(/(a\.\s?m\.|p\.\s?m\.)$/);
  });

  it('in Spanish the article agrees with the hour: a la 1:00, a las 13:00', () => {
    const es = wordingOf({ locale: 'es', hourCycle: 'h23' }, []);
    // NOW is 12:00 in Berlin: 13:00 today, 01:00 tomorrow, 01:00 three days on.
    expect(statusLine({ kind: 'waiting', nextAt: NOW + 3_600_000 }, NOW, ZONE, es)).toBe('Próximo envío hoy a las 13:00');
    expect(statusLine({ kind: 'waiting', nextAt: NOW + 13 * 3_600_000 }, NOW, ZONE, es)).toBe('Próximo envío mañana a la 01:00');
    expect(statusLine({ kind: 'waiting', nextAt: NOW + 61 * 3_600_000 }, NOW, ZONE, es)).toMatch(/^Próximo envío el .+ a la 01:00$/);
    expect(statusLine({ kind: 'paused', until: NOW + 13 * 3_600_000 }, NOW, ZONE, es)).toBe('En pausa hasta mañana a la 01:00');
    expect(statusLine({ kind: 'pending', mantra: MANTRA, sentAt: NOW, deadline: NOW + 61 * 3_600_000 }, NOW, ZONE, es)).toMatch(/^Hay un mantra esperando \(hasta el .+ a la 01:00\)$/);
    // "antes de el jue" would be wrong Spanish: the deadline follows "plazo para responder:".
    const snoozed = { kind: 'pending' as const, mantra: MANTRA, sentAt: NOW, deadline: NOW + 61 * 3_600_000, snoozedUntil: NOW + 30 * 60_000 };
    expect(statusLine(snoozed, NOW, ZONE, es)).toMatch(/^Pospuesto hasta hoy a las 12:30 \(plazo para responder: el .+ a la 01:00\)$/);
    // On a 12-hour clock 13:00 is "la 1:00 p. m.".
    expect(statusLine({ kind: 'waiting', nextAt: NOW + 3_600_000 }, NOW, ZONE, { ...es, hourCycle: 'h12' })).toMatch(/^Próximo envío hoy a la 01:00\sp\.\s?m\.$/);
  });
});

describe('tray menu per state', () => {
  it('idle (waiting for the next delivery): answer off, deliver and pause on', () => {
    const menu = trayMenu(STATUSES.waiting!, NOW, ZONE);
    expect(labels(menu)).toEqual(['Next delivery today at 14:05', '---', 'Answer now', 'Snooze', 'Deliver now', 'Pause', '---', 'Settings…', 'Quit Mantra']);
    expect(menu[0]?.enabled).toBe(false);
    expect(menu.find((i) => i.label === 'Answer now')?.enabled).toBe(false);
    expect(menu.find((i) => i.label === 'Deliver now')?.enabled).toBe(true);
    const pause = menu.find((i) => i.label === 'Pause');
    expect(pause?.type).toBe('submenu');
    expect(labels(pause?.submenu ?? [])).toEqual(['30 minutes', '1 hour', '2 hours', 'Until tomorrow morning', 'Quiet until morning (end of quiet hours)', 'Indefinitely']);
    expect(menu.find((i) => i.label === 'Snooze')?.enabled).toBe(false);
    expect(trayState(STATUSES.waiting!)).toBe('idle');
  });

  it('a mantra waiting: answer on, deliver off', () => {
    const menu = trayMenu(STATUSES.pending!, NOW, ZONE);
    expect(menu[0]?.label).toBe('A mantra is waiting (until today at 12:30)');
    expect(menu.find((i) => i.label === 'Answer now')?.enabled).toBe(true);
    expect(menu.find((i) => i.label === 'Deliver now')?.enabled).toBe(false);
    expect(menu.find((i) => i.label === 'Snooze')?.enabled).toBe(true);
    expect(labels(menu.find((i) => i.label === 'Snooze')?.submenu ?? [])).toEqual(['10 minutes', '30 minutes', '1 hour']);
    expect(trayState(STATUSES.pending!)).toBe('waiting');
  });

  it('a snoozed mantra: the status says until when, and by when to answer', () => {
    const snoozed = { kind: 'pending' as const, mantra: MANTRA, sentAt: NOW, deadline: NOW + 13 * 3_600_000, snoozedUntil: NOW + 30 * 60_000 };
    expect(statusLine(snoozed, NOW, ZONE)).toBe('Snoozed until today at 12:30 (answer by tomorrow at 01:00)');
  });

  it('paused: Resume instead of the Pause submenu', () => {
    for (const status of [STATUSES.pausedUntil!, STATUSES.pausedForever!]) {
      const menu = trayMenu(status, NOW, ZONE);
      expect(labels(menu)).toContain('Resume');
      expect(labels(menu)).not.toContain('Pause');
      expect(trayState(status)).toBe('paused');
    }
  });

  it('delivery off: nothing to answer, deliver or pause; settings and quit stay', () => {
    for (const status of [STATUSES.notEnrolled!, STATUSES.disabled!]) {
      const menu = trayMenu(status, NOW, ZONE);
      expect(menu.filter((i) => i.enabled === false).map((i) => i.label)).toEqual([statusLine(status, NOW, ZONE), 'Answer now', 'Snooze', 'Deliver now', 'Pause']);
      expect(menu.find((i) => i.label === 'Settings…')?.enabled).toBeUndefined();
      expect(trayState(status)).toBe('idle');
    }
  });
});

describe('each menu item acts on the engine', () => {
  it('answer, deliver, every pause choice, resume, settings and quit', async () => {
    const t = target();
    const waiting = menuTemplate(trayMenu(STATUSES.waiting!, NOW, ZONE), t.run) as Item[];
    find(waiting, 'Deliver now').click?.();
    for (const choice of find(waiting, 'Pause').submenu ?? []) choice.click?.();
    find(waiting, 'Settings…').click?.();
    find(waiting, 'Quit Mantra').click?.();
    const pending = menuTemplate(trayMenu(STATUSES.pending!, NOW, ZONE), t.run) as Item[];
    find(pending, 'Answer now').click?.();
    for (const choice of find(pending, 'Snooze').submenu ?? []) choice.click?.();
    const paused = menuTemplate(trayMenu(STATUSES.pausedUntil!, NOW, ZONE), t.run) as Item[];
    find(paused, 'Resume').click?.();
    expect(find(waiting, 'Next delivery today at 14:05').click).toBeUndefined();
    await t.settled();
    expect(t.api.calls).toEqual([
      ['deliverNow', undefined],
      ['pause', { minutes: 30 }],
      ['pause', { minutes: 60 }],
      ['pause', { minutes: 120 }],
      ['pause', { until: 'tomorrow' }],
      ['pause', { until: 'morning' }],
      ['pause', { indefinitely: true }],
      ['snooze', { minutes: 10 }],
      ['snooze', { minutes: 30 }],
      ['snooze', { minutes: 60 }],
      ['resume', undefined],
    ]);
    expect(t.log).toEqual(['showSettings', 'quit', 'showAnswer']);
    expect(pauseChoices()).toHaveLength(6);
  });

  it('a refused command is logged, not thrown', async () => {
    const logger = createRecordingLogger();
    const api = recordingApi({ failWith: new Error('a mantra is already waiting for its answer') });
    const outcome = await performCommand({ kind: 'deliverNow' }, { api, showAnswer: () => {}, showSettings: () => {}, quit: () => {}, logger });
    expect(logger.lines).toEqual(['warn: deliverNow: a mantra is already waiting for its answer']);
    expect(outcome).toEqual({ command: 'deliverNow', outcome: 'refused', text: 'deliverNow: a mantra is already waiting for its answer' });
  });

  it('a refusal with a reason goes back as data, for a second launch to word in its language', async () => {
    const refusal = new ApiError('enroll first: delivery is off', 'invalid-input', { reason: 'enrollFirst' });
    const outcome = await performCommand(
      { kind: 'deliverNow' },
      { api: recordingApi({ failWith: refusal }), showAnswer: () => {}, showSettings: () => {}, quit: () => {}, logger: createRecordingLogger() },
    );
    expect(commandOutcomeSchema.parse(outcome)).toMatchObject({ command: 'deliverNow', outcome: 'refused', reason: 'enrollFirst' });
    expect(outcomeWords(outcome, translator('de'))).toBe('--deliver-now: nicht ausgeführt. Mantras sind ausgeschaltet: Schalte sie zuerst ein.');
    const done = await performCommand({ kind: 'resume' }, { api: recordingApi(), showAnswer: () => {}, showSettings: () => {}, quit: () => {}, logger: createRecordingLogger() });
    expect(outcomeWords(done, translator('es'))).toBe('--resume: hecho');
    // The terminal names the flag the user typed, never the command's internal kind.
    const snoozed = await performCommand(
      { kind: 'snooze', input: { minutes: 10 } },
      { api: recordingApi(), showAnswer: () => {}, showSettings: () => {}, quit: () => {}, logger: createRecordingLogger() },
    );
    expect(outcomeWords(snoozed, translator('es'))).toBe('--snooze: hecho');
    expect(outcomeWords({ ...snoozed, command: 'pause' }, translator('de'))).toBe('--pause: erledigt');
  });

  it('left click: the answer window when a mantra waits, else settings', () => {
    expect(trayClick(STATUSES.pending!)).toEqual({ kind: 'answer' });
    for (const key of ['waiting', 'pausedUntil', 'notEnrolled']) expect(trayClick(STATUSES[key]!)).toEqual({ kind: 'settings' });
  });
});

describe('icons', () => {
  it('template images on macOS, light and dark glyphs elsewhere, one per state', () => {
    expect(trayIconFile('waiting', 'darwin', true)).toBe('trayWaitingTemplate.png');
    expect(trayIconFile('idle', 'linux', false)).toBe('tray-idle.png');
    expect(trayIconFile('paused', 'win32', true)).toBe('tray-paused-dark.png');
  });
});

describe('TrayIcon', () => {
  it('sets image, tooltip and context menu on every snapshot, and always a context menu', () => {
    const t = target();
    const icon = new TrayIcon({ iconDir: '/icons', run: t.run, platform: 'linux', systemLocales: ['en-GB'] });
    const tray = fake.trays[0]!;
    expect(tray.contextMenuSets).toBe(1);
    expect(fake.menus[0]?.template[0]).toMatchObject({ label: 'Mantra is starting…', enabled: false });
    // Before the first snapshot, a German system reads German.
    new TrayIcon({ iconDir: '/icons', run: t.run, platform: 'linux', systemLocales: ['de_DE.UTF-8'] });
    expect(fake.menus[1]?.template[0]).toMatchObject({ label: 'Mantra startet…' });
    icon.update(snapshotWith(STATUSES.waiting!));
    expect(tray.image.path).toBe('/icons/tray-idle.png');
    expect(tray.toolTip).toBe('Mantra: Next delivery today at 14:05');
    icon.update(snapshotWith(STATUSES.pending!));
    expect(tray.image.path).toBe('/icons/tray-waiting.png');
    expect(tray.toolTip).toBe('Mantra: A mantra is waiting (until today at 12:30)');
    expect(tray.contextMenuSets).toBe(3);
    expect(labels((tray.contextMenu as FakeMenu).template)).toContain('Answer now');
  });

  it('follows the dark theme and uses template images on macOS', () => {
    const t = target();
    const icon = new TrayIcon({ iconDir: '/icons', run: t.run, platform: 'linux', systemLocales: ['en-GB'] });
    icon.update(snapshotWith(STATUSES.pausedUntil!));
    nativeTheme.shouldUseDarkColors = true;
    nativeTheme.emit('updated');
    expect(fake.trays[0]!.image.path).toBe('/icons/tray-paused-dark.png');
    const mac = new TrayIcon({ iconDir: '/icons', run: t.run, platform: 'darwin' });
    mac.update(snapshotWith(STATUSES.pending!));
    expect(fake.trays[1]!.image.path).toBe('/icons/trayWaitingTemplate.png');
    expect(fake.trays[1]!.image.template).toBe(true);
  });

  it('a left click runs answer or settings from the last snapshot', async () => {
    const t = target();
    const icon = new TrayIcon({ iconDir: '/icons', run: t.run, platform: 'linux', systemLocales: ['en-GB'] });
    icon.update(snapshotWith(STATUSES.pending!));
    fake.trays[0]!.emit('click');
    icon.update(snapshotWith(STATUSES.waiting!));
    fake.trays[0]!.emit('click');
    await t.settled();
    expect(t.log).toEqual(['showAnswer', 'showSettings']);
    icon.destroy();
    expect(fake.trays[0]!.destroyed).toBe(true);
  });
});
