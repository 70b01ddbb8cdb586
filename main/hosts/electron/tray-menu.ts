/**
 * What the tray shows, as plain data: its state (icon), its status line (also the tooltip)
 * and its menu. Pure functions of the delivery status, the instant, the profile's zone and
 * the user's language and clock.
 */
import type { DeliveryStatus } from '../../../shared/api.js';
import { SNOOZE } from '../../../shared/constants.js';
import { dayAndTime, type Wording } from '../../../shared/i18n/format.js';
import { translator } from '../../../shared/i18n/i18n.js';
import type { ShellCommand } from './commands.js';

export type TrayState = 'idle' | 'waiting' | 'paused';

export interface TrayMenuItem {
  readonly label?: string;
  readonly type?: 'normal' | 'separator' | 'submenu';
  readonly enabled?: boolean;
  readonly command?: ShellCommand;
  readonly submenu?: readonly TrayMenuItem[];
}

export function trayState(status: DeliveryStatus): TrayState {
  if (status.kind === 'pending') return 'waiting';
  if (status.kind === 'paused') return 'paused';
  return 'idle';
}

/** English with a 24-hour clock: what the tray says when no preference reaches it (and in tests). */
export const DEFAULT_WORDING: Wording = { t: translator('en'), tag: 'en-GB', hourCycle: 'h23' };

/** "today at 14:05", "tomorrow at 01:00", "Thu 4 Jun at 09:00" ("morgen um 01:00", "mañana a la 01:00"): the window's joining, so both say the same. */
function when(at: number, now: number, timeZone: string, w: Wording = DEFAULT_WORDING): string {
  return dayAndTime(w, at, timeZone, now);
}

export function statusLine(status: DeliveryStatus, now: number, timeZone: string, w: Wording = DEFAULT_WORDING): string {
  const { t } = w;
  switch (status.kind) {
    case 'waiting':
      return t('tray.next', { when: when(status.nextAt, now, timeZone, w) });
    case 'pending':
      if (status.snoozedUntil !== undefined && status.snoozedUntil !== null && status.snoozedUntil > now)
        return t('tray.snoozed', { until: when(status.snoozedUntil, now, timeZone, w), deadline: when(status.deadline, now, timeZone, w) });
      return t('tray.waiting', { until: when(status.deadline, now, timeZone, w) });
    case 'paused':
      return status.until === null ? t('tray.pausedIndefinitely') : t('tray.pausedUntil', { until: when(status.until, now, timeZone, w) });
    case 'disabled':
      return status.reason === 'failures' ? t('tray.offFailures') : t('tray.off');
    case 'not-enrolled':
      return t('tray.off');
  }
}

export function pauseChoices(w: Wording = DEFAULT_WORDING): TrayMenuItem[] {
  const { t } = w;
  return [
    { label: t('tray.minutes', { count: 30 }), command: { kind: 'pause', input: { minutes: 30 } } },
    { label: t('tray.hours', { count: 1 }), command: { kind: 'pause', input: { minutes: 60 } } },
    { label: t('tray.hours', { count: 2 }), command: { kind: 'pause', input: { minutes: 120 } } },
    { label: t('tray.untilTomorrow'), command: { kind: 'pause', input: { until: 'tomorrow' } } },
    { label: t('tray.quietUntilMorning'), command: { kind: 'pause', input: { until: 'morning' } } },
    { label: t('tray.indefinitely'), command: { kind: 'pause', input: { indefinitely: true } } },
  ];
}

export function snoozeChoices(w: Wording = DEFAULT_WORDING): TrayMenuItem[] {
  return SNOOZE.choicesMinutes.map((minutes) => ({
    label: minutes < 60 ? w.t('tray.minutes', { count: minutes }) : w.t('tray.hours', { count: minutes / 60 }),
    command: { kind: 'snooze', input: { minutes } },
  }));
}

export function trayMenu(status: DeliveryStatus, now: number, timeZone: string, w: Wording = DEFAULT_WORDING): TrayMenuItem[] {
  const { t } = w;
  const enrolled = status.kind === 'waiting' || status.kind === 'pending' || status.kind === 'paused';
  const pauseOrResume: TrayMenuItem =
    status.kind === 'paused' ? { label: t('tray.resume'), command: { kind: 'resume' } } : { label: t('tray.pause'), type: 'submenu', enabled: enrolled, submenu: pauseChoices(w) };
  return [
    { label: statusLine(status, now, timeZone, w), enabled: false },
    { type: 'separator' },
    { label: t('tray.answerNow'), enabled: status.kind === 'pending', command: { kind: 'answer' } },
    { label: t('tray.snooze'), type: 'submenu', enabled: status.kind === 'pending', submenu: snoozeChoices(w) },
    { label: t('tray.deliverNow'), enabled: status.kind === 'waiting' || status.kind === 'paused', command: { kind: 'deliverNow' } },
    pauseOrResume,
    { type: 'separator' },
    { label: t('tray.settings'), command: { kind: 'settings' } },
    { label: t('tray.quit'), command: { kind: 'quit' } },
  ];
}

/** What a left click on the icon does. */
export function trayClick(status: DeliveryStatus): ShellCommand {
  return status.kind === 'pending' ? { kind: 'answer' } : { kind: 'settings' };
}

/**
 * The icon file in build/tray: a template image on macOS (the menu bar tints it), else the
 * glyph drawn for a light or a dark panel. Electron picks the @2x sibling by itself.
 */
export function trayIconFile(state: TrayState, platform: NodeJS.Platform, darkPanel: boolean): string {
  if (platform === 'darwin') return `tray${state[0]?.toUpperCase()}${state.slice(1)}Template.png`;
  return `tray-${state}${darkPanel ? '-dark' : ''}.png`;
}
