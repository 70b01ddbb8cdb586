/**
 * Flags a launch carries to the running tray app: `--answer`, `--settings`, `--deliver-now`,
 * `--pause 1h|30m|tomorrow|morning|2026-12-24T18:00|indefinitely`, `--snooze 10m`,
 * `--quiet-hours "22:00-07:00 weekdays, 13:00-14:00"|off`, `--resume`, `--quit`, and `--hidden` (started at
 * login: no window). A second launch hands them to the first and exits.
 */
import { z } from 'zod';
import { apiInputSchemas, pauseInputSchema, type PauseInput } from '../../../shared/api.js';
import { quietHoursSchema } from '../../../shared/settings.js';
import { shellCommandSchema, type ShellCommand } from './commands.js';

export interface LaunchRequest {
  readonly commands: ShellCommand[];
  /** Start without opening a window (login item). */
  readonly hidden: boolean;
  /** Flags that were recognised but whose value was not; for the log. */
  readonly problems: string[];
}

/** "30m", "90min", "1h", "tomorrow", "indefinitely". */
export const pauseArgSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((v, ctx): PauseInput => {
    if (v === 'tomorrow') return { until: 'tomorrow' };
    if (v === 'morning') return { until: 'morning' };
    // A date and time (vacation), read in this computer's zone: 2026-12-24 or 2026-12-24T18:00.
    const date = /^(\d{4})-(\d{2})-(\d{2})(?:[t ](\d{2}):(\d{2}))?$/.exec(v);
    if (date) {
      const [, y, mo, d, h = '00', mi = '00'] = date;
      const until = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi)).getTime();
      if (Number.isNaN(until) || new Date(until).getDate() !== Number(d)) {
        ctx.addIssue({ code: 'custom', message: `"${v}" is not a date` });
        return z.NEVER;
      }
      return { until };
    }
    if (v === 'indefinitely' || v === 'forever') return { indefinitely: true };
    const m = /^(\d{1,6})\s*(m|min|h)$/.exec(v);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not a pause: use 30m, 1h, 2h, tomorrow, morning, a date such as 2026-12-24T18:00, or indefinitely` });
      return z.NEVER;
    }
    return { minutes: Number(m[1]) * (m[2] === 'h' ? 60 : 1) };
  })
  .pipe(pauseInputSchema);

/** "10m", "30m", "1h". */
export const snoozeArgSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((v, ctx) => {
    const m = /^(\d{1,4})\s*(m|min|h)$/.exec(v);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not a snooze: use 10m, 30m or 1h` });
      return z.NEVER;
    }
    return { minutes: Number(m[1]) * (m[2] === 'h' ? 60 : 1) };
  })
  .pipe(apiInputSchemas.snooze);

/** "22:00-07:00", "22:00-07:00 weekdays, 12:30-13:30", or "off". */
export const quietHoursArgSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((v, ctx) => {
    if (v === 'off' || v === 'none') return [];
    const windows: unknown[] = [];
    for (const part of v.split(',')) {
      const m = /^(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})(?:\s+(all|weekdays|weekends))?$/.exec(part.trim());
      if (!m) {
        ctx.addIssue({ code: 'custom', message: `"${part.trim()}" is not a quiet window: use 22:00-07:00, optionally followed by weekdays or weekends, or off` });
        return z.NEVER;
      }
      windows.push({ from: m[1], to: m[2], days: m[3] ?? 'all' });
    }
    const checked = quietHoursSchema.safeParse(windows);
    if (!checked.success) {
      ctx.addIssue({ code: 'custom', message: checked.error.issues.map((i) => i.message).join('; ') });
      return z.NEVER;
    }
    return checked.data;
  });

const SIMPLE: Readonly<Record<string, ShellCommand>> = {
  '--answer': { kind: 'answer' },
  '--settings': { kind: 'settings' },
  '--deliver-now': { kind: 'deliverNow' },
  '--resume': { kind: 'resume' },
  '--quit': { kind: 'quit' },
};

/** Every flag a launch understands. */
export const LAUNCH_FLAGS: ReadonlySet<string> = new Set([...Object.keys(SIMPLE), '--pause', '--snooze', '--quiet-hours', '--hidden']);

/** Picks our flags out of a whole argv (Electron and Chromium add their own; those are ignored). */
export function parseArgv(argv: readonly string[]): LaunchRequest {
  const commands: ShellCommand[] = [];
  const problems: string[] = [];
  let hidden = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag = '', inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const simple = SIMPLE[flag];
    if (simple) commands.push(simple);
    else if (flag === '--hidden') hidden = true;
    else if (flag === '--pause' || flag === '--snooze' || flag === '--quiet-hours') {
      const value = inline ?? argv[i + 1];
      if (inline === undefined && value !== undefined && !value.startsWith('--')) i++;
      const given = value === undefined || value.startsWith('--') ? '' : value;
      if (flag === '--pause') {
        const parsed = pauseArgSchema.safeParse(given);
        if (parsed.success) commands.push({ kind: 'pause', input: parsed.data });
        else problems.push(`--pause: ${parsed.error.issues[0]?.message ?? 'bad value'}`);
      } else if (flag === '--snooze') {
        const parsed = snoozeArgSchema.safeParse(given);
        if (parsed.success) commands.push({ kind: 'snooze', input: parsed.data });
        else problems.push(`--snooze: ${parsed.error.issues[0]?.message ?? 'bad value'}`);
      } else {
        const parsed = quietHoursArgSchema.safeParse(given);
        if (parsed.success) commands.push({ kind: 'quietHours', windows: parsed.data });
        else problems.push(`--quiet-hours: ${parsed.error.issues[0]?.message ?? 'bad value'}`);
      }
    }
  }
  return { commands, hidden, problems };
}

/** What the first launch attaches to its single-instance lock request, checked on arrival. */
export const launchDataSchema = z.object({ mantra: z.literal(1), commands: z.array(shellCommandSchema).max(16) });
export type LaunchData = z.infer<typeof launchDataSchema>;

export function launchData(request: LaunchRequest): LaunchData {
  return { mantra: 1, commands: request.commands };
}

/**
 * The commands of a second launch: its checked `additionalData` when present (argv can be
 * reordered by Chromium on Windows), else its argv.
 */
export function secondLaunchCommands(argv: readonly string[], additionalData: unknown): ShellCommand[] {
  const data = launchDataSchema.safeParse(additionalData);
  return data.success ? data.data.commands : parseArgv(argv).commands;
}
