/**
 * Flags a launch carries to the running tray app: `--answer`, `--settings`, `--deliver-now`,
 * `--pause 1h|30m|1d|tomorrow|morning|2026-12-24T18:00|indefinitely` (shared/pause.ts), `--snooze 10m`,
 * `--quiet-hours "22:00-07:00 weekdays, 13:00-14:00"|off`, `--resume`, `--quit`, and `--hidden` (started at
 * login: no window). A second launch hands them to the first and exits.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { apiInputSchemas } from '../../../shared/api.js';
import { parsePauseText } from '../../../shared/pause.js';
import { parseQuietHoursText } from '../../../shared/quiet-hours-text.js';
import { shellCommandSchema, type ShellCommand } from './commands.js';
import { detectSystemTimeZone } from '../../zoneinfo.js';
import { refusalWords } from '../../../shared/i18n/refusal-words.js';
import type { TFunction } from '../../../shared/i18n/i18n.js';

export interface LaunchRequest {
  readonly commands: ShellCommand[];
  /** Start without opening a window (login item). */
  readonly hidden: boolean;
  /** Flags that were recognised but whose value was not; for the log. */
  readonly problems: string[];
}

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

const SIMPLE: Readonly<Record<string, ShellCommand>> = {
  '--answer': { kind: 'answer' },
  '--settings': { kind: 'settings' },
  '--deliver-now': { kind: 'deliverNow' },
  '--resume': { kind: 'resume' },
  '--quit': { kind: 'quit' },
};

/** Every flag a launch understands. */
export const LAUNCH_FLAGS: ReadonlySet<string> = new Set([...Object.keys(SIMPLE), '--pause', '--snooze', '--quiet-hours', '--hidden']);

/**
 * Picks our flags out of a whole argv (Electron and Chromium add their own; those are ignored).
 * With `t` (the CLI's language) the problems are told in it; without, in English for the log.
 */
export function parseArgv(argv: readonly string[], t?: TFunction): LaunchRequest {
  const commands: ShellCommand[] = [];
  const problems: string[] = [];
  let hidden = false;
  const flag = (name: string): void => {
    const simple = SIMPLE[name];
    if (simple) commands.push(simple);
    else if (name === '--hidden') hidden = true;
  };
  // Not strict: Electron and Chromium flags pass through as unknown tokens; tokens keep the order.
  const options = { pause: { type: 'string' }, snooze: { type: 'string' }, 'quiet-hours': { type: 'string' } } as const;
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (!(token.name in options)) {
      flag(`--${token.name}`);
      continue;
    }
    // `--pause --answer`: the pause has no value, and --answer is still a flag.
    const swallowed = !token.inlineValue && token.value?.startsWith('--') ? token.value : undefined;
    const given = swallowed === undefined ? (token.value ?? '') : '';
    if (token.name === 'pause') {
      // This computer's zone (read from the tz database, not Intl): a date given to --pause is a date here.
      const parsed = parsePauseText(given, detectSystemTimeZone());
      if (parsed.ok) commands.push({ kind: 'pause', input: parsed.input });
      else problems.push(`--pause: ${(t && refusalWords(parsed.refusal, t)) ?? parsed.error}`);
    } else if (token.name === 'snooze') {
      const parsed = snoozeArgSchema.safeParse(given);
      if (parsed.success) commands.push({ kind: 'snooze', input: parsed.data });
      else problems.push(`--snooze: ${t ? t('cliHelp.badSnooze', { value: given }) : (parsed.error.issues[0]?.message ?? 'bad value')}`);
    } else {
      const parsed = parseQuietHoursText(given);
      if (parsed.ok) commands.push({ kind: 'quietHours', windows: parsed.windows });
      else problems.push(`--quiet-hours: ${(t && refusalWords(parsed.refusal, t)) ?? parsed.error}`);
    }
    if (swallowed !== undefined) flag(swallowed.split('=')[0] ?? '');
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
