/**
 * Flags a launch carries to the running tray app: `--answer`, `--settings`, `--deliver-now`,
 * `--pause 1h|30m|tomorrow|indefinitely`, `--resume`, `--quit`, and `--hidden` (started at
 * login: no window). A second launch hands them to the first and exits.
 */
import { z } from 'zod';
import { pauseInputSchema, type PauseInput } from '../../../shared/api.js';
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
    if (v === 'indefinitely' || v === 'forever') return { indefinitely: true };
    const m = /^(\d{1,6})\s*(m|min|h)$/.exec(v);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not a pause: use 30m, 1h, 2h, tomorrow or indefinitely` });
      return z.NEVER;
    }
    return { minutes: Number(m[1]) * (m[2] === 'h' ? 60 : 1) };
  })
  .pipe(pauseInputSchema);

const SIMPLE: Readonly<Record<string, ShellCommand>> = {
  '--answer': { kind: 'answer' },
  '--settings': { kind: 'settings' },
  '--deliver-now': { kind: 'deliverNow' },
  '--resume': { kind: 'resume' },
  '--quit': { kind: 'quit' },
};

/** Every flag a launch understands. */
export const LAUNCH_FLAGS: ReadonlySet<string> = new Set([...Object.keys(SIMPLE), '--pause', '--hidden']);

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
    else if (flag === '--pause') {
      const value = inline ?? argv[i + 1];
      if (inline === undefined && value !== undefined && !value.startsWith('--')) i++;
      const parsed = pauseArgSchema.safeParse(value === undefined || value.startsWith('--') ? '' : value);
      if (parsed.success) commands.push({ kind: 'pause', input: parsed.data });
      else problems.push(`--pause: ${parsed.error.issues[0]?.message ?? 'bad value'}`);
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
