/**
 * What the tray shows, as plain data: its state (icon), its status line (also the tooltip)
 * and its menu. Pure functions of the delivery status, the instant and the profile's zone.
 */
import type { DeliveryStatus } from '../../../shared/api.js';
import { SNOOZE } from '../../../shared/constants.js';
import { calendarDaysBetween } from '../../../shared/zone.js';
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

function clock(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

/** "" today, "tomorrow", or "Thu 4 Jun", in the profile's zone. */
function dayOf(at: number, now: number, timeZone: string): string {
  const days = calendarDaysBetween(now, at, timeZone);
  if (days === 0) return '';
  if (days === 1) return 'tomorrow';
  return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(at);
}

/** "14:05", "tomorrow 09:00" or "Thu 4 Jun 09:00". */
export function when(at: number, now: number, timeZone: string): string {
  const day = dayOf(at, now, timeZone);
  return day ? `${day} ${clock(at, timeZone)}` : clock(at, timeZone);
}

/** "at 14:05", "tomorrow at 09:00" or "on Thu 4 Jun at 09:00". */
export function atWhen(at: number, now: number, timeZone: string): string {
  const day = dayOf(at, now, timeZone);
  const time = `at ${clock(at, timeZone)}`;
  if (!day) return time;
  return day === 'tomorrow' ? `tomorrow ${time}` : `on ${day} ${time}`;
}

export function statusLine(status: DeliveryStatus, now: number, timeZone: string): string {
  switch (status.kind) {
    case 'waiting':
      return `Next delivery ${atWhen(status.nextAt, now, timeZone)}`;
    case 'pending':
      if (status.snoozedUntil !== undefined && status.snoozedUntil !== null && status.snoozedUntil > now) return `Snoozed until ${when(status.snoozedUntil, now, timeZone)} (answer by ${when(status.deadline, now, timeZone)})`;
      return `A mantra is waiting (until ${when(status.deadline, now, timeZone)})`;
    case 'paused':
      return status.until === null ? 'Paused indefinitely' : `Paused until ${when(status.until, now, timeZone)}`;
    case 'disabled':
      return status.reason === 'failures' ? 'Delivery turned off after missed mantras' : 'Delivery is off';
    case 'not-enrolled':
      return 'Delivery is off';
  }
}

export const PAUSE_CHOICES: readonly TrayMenuItem[] = [
  { label: '30 minutes', command: { kind: 'pause', input: { minutes: 30 } } },
  { label: '1 hour', command: { kind: 'pause', input: { minutes: 60 } } },
  { label: '2 hours', command: { kind: 'pause', input: { minutes: 120 } } },
  { label: 'Until tomorrow morning', command: { kind: 'pause', input: { until: 'tomorrow' } } },
  { label: 'Quiet until morning (end of quiet hours)', command: { kind: 'pause', input: { until: 'morning' } } },
  { label: 'Indefinitely', command: { kind: 'pause', input: { indefinitely: true } } },
];

export const SNOOZE_CHOICES: readonly TrayMenuItem[] = SNOOZE.choicesMinutes.map((minutes) => ({
  label: minutes < 60 ? `${minutes} minutes` : `${minutes / 60} hour`,
  command: { kind: 'snooze', input: { minutes } },
}));

export function trayMenu(status: DeliveryStatus, now: number, timeZone: string): TrayMenuItem[] {
  const enrolled = status.kind === 'waiting' || status.kind === 'pending' || status.kind === 'paused';
  const pauseOrResume: TrayMenuItem =
    status.kind === 'paused'
      ? { label: 'Resume', command: { kind: 'resume' } }
      : { label: 'Pause', type: 'submenu', enabled: enrolled, submenu: PAUSE_CHOICES };
  return [
    { label: statusLine(status, now, timeZone), enabled: false },
    { type: 'separator' },
    { label: 'Answer now', enabled: status.kind === 'pending', command: { kind: 'answer' } },
    { label: 'Snooze', type: 'submenu', enabled: status.kind === 'pending', submenu: SNOOZE_CHOICES },
    { label: 'Deliver now', enabled: status.kind === 'waiting' || status.kind === 'paused', command: { kind: 'deliverNow' } },
    pauseOrResume,
    { type: 'separator' },
    { label: 'Settings…', command: { kind: 'settings' } },
    { label: 'Quit Mantra', command: { kind: 'quit' } },
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
