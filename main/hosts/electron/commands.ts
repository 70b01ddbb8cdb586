/**
 * What the user can ask of the shell from outside a window: a tray item, or a flag on the
 * command line of a second launch. One table of commands, one way to carry them out.
 */
import { z } from 'zod';
import { apiInputSchemas, pauseInputSchema, type MantraApi } from '../../../shared/api.js';
import { quietHoursSchema } from '../../../shared/settings.js';
import type { TFunction } from '../../../shared/i18n/i18n.js';
import { refusalOf, refusalWords } from '../../../shared/i18n/refusal-words.js';
import { fieldIssueSchema, REFUSAL_REASONS, refusalParamsSchema, type RefusalReason } from '../../../shared/refusals.js';
import { errorText, type Logger } from '../../logger.js';

export const shellCommandSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('answer') }),
  z.object({ kind: z.literal('settings') }),
  z.object({ kind: z.literal('deliverNow') }),
  z.object({ kind: z.literal('pause'), input: pauseInputSchema }),
  z.object({ kind: z.literal('resume') }),
  z.object({ kind: z.literal('snooze'), input: apiInputSchemas.snooze }),
  /** Replaces the quiet hours (an empty list turns them off). */
  z.object({ kind: z.literal('quietHours'), windows: quietHoursSchema }),
  z.object({ kind: z.literal('quit') }),
]);
export type ShellCommand = z.infer<typeof shellCommandSchema>;

/** What carrying out a command touches: the engine's API and the shell's windows. */
export interface CommandTarget {
  readonly api: Pick<MantraApi, 'deliverNow' | 'pause' | 'resume' | 'snooze' | 'updateSettings'>;
  showAnswer(): void;
  showSettings(): void;
  quit(): void;
  readonly logger: Logger;
}

/**
 * How a command went, as data: a second launch words it in its own language (a refusal by its
 * reason and params, as the window does); `text` is the English, for logs.
 */
export const commandOutcomeSchema = z.object({
  /** The command's kind (deliverNow); the terminal shows its flag (flagOf). */
  command: z.string().max(40),
  outcome: z.enum(['done', 'refused']),
  text: z.string().max(500),
  reason: z.enum(REFUSAL_REASONS as [RefusalReason, ...RefusalReason[]]).optional(),
  params: refusalParamsSchema.optional(),
  issues: fieldIssueSchema.array().max(20).optional(),
});
export type CommandOutcome = z.infer<typeof commandOutcomeSchema>;

async function carryOut(command: ShellCommand, target: CommandTarget): Promise<void> {
  switch (command.kind) {
    case 'answer':
      return target.showAnswer();
    case 'settings':
      return target.showSettings();
    case 'deliverNow':
      return void (await target.api.deliverNow());
    case 'pause':
      return void (await target.api.pause(command.input));
    case 'resume':
      return void (await target.api.resume());
    case 'snooze':
      return void (await target.api.snooze(command.input));
    case 'quietHours':
      return void (await target.api.updateSettings({ quietHours: command.windows }));
    case 'quit':
      return target.quit();
  }
}

/** Never throws: a refusal (e.g. "a mantra is already waiting") is logged and returned, the tray stays usable. */
export async function performCommand(command: ShellCommand, target: CommandTarget): Promise<CommandOutcome> {
  try {
    await carryOut(command, target);
    return { command: command.kind, outcome: 'done', text: `${command.kind}: done` };
  } catch (e) {
    const text = `${command.kind}: ${errorText(e)}`;
    const refusal = refusalOf(e);
    target.logger.warn(text, { kind: 'refused', flag: flagOf(command.kind), refusal, text: errorText(e) });
    const { reason, params, issues } = refusal;
    return { command: command.kind, outcome: 'refused', text: text.slice(0, 500), ...(reason ? { reason } : {}), ...(params ? { params } : {}), ...(issues ? { issues: [...issues] } : {}) };
  }
}

/** Carries out commands in turn (a second launch's flags), each outcome for the asking terminal to word. */
export async function performCommands(commands: readonly ShellCommand[], target: CommandTarget): Promise<CommandOutcome[]> {
  const done: CommandOutcome[] = [];
  for (const command of commands) done.push(await performCommand(command, target));
  return done;
}

/** The flag a user types for each command: the terminal names that, never the internal kind. */
const FLAG_OF: Readonly<Record<ShellCommand['kind'], string>> = {
  answer: '--answer',
  settings: '--settings',
  deliverNow: '--deliver-now',
  pause: '--pause',
  resume: '--resume',
  snooze: '--snooze',
  quietHours: '--quiet-hours',
  quit: '--quit',
};

/** The flag as typed for a command's kind (an unknown kind from a newer host stays as it came). */
export function flagOf(kind: string): string {
  return Object.hasOwn(FLAG_OF, kind) ? FLAG_OF[kind as ShellCommand['kind']] : kind;
}

/** A handed-over flag's outcome in the asking terminal's language: the flag as typed, a refusal by its reason. */
export function outcomeWords(o: CommandOutcome, t: TFunction): string {
  const command = flagOf(o.command);
  if (o.outcome === 'done') return t('cliHost.done', { command });
  const reason = refusalWords(o, t) ?? o.text.replace(`${o.command}: `, '');
  return t('handover.refused', { command, reason });
}
