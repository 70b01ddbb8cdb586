/**
 * What the user can ask of the shell from outside a window: a tray item, or a flag on the
 * command line of a second launch. One table of commands, one way to carry them out.
 */
import { z } from 'zod';
import { apiInputSchemas, pauseInputSchema, type MantraApi } from '../../../shared/api.js';
import { quietHoursSchema } from '../../../shared/settings.js';
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

/** Never throws: a refusal (e.g. "a mantra is already waiting") is logged, the tray stays usable. */
export async function performCommand(command: ShellCommand, target: CommandTarget): Promise<void> {
  try {
    switch (command.kind) {
      case 'answer':
        target.showAnswer();
        return;
      case 'settings':
        target.showSettings();
        return;
      case 'deliverNow':
        await target.api.deliverNow();
        return;
      case 'pause':
        await target.api.pause(command.input);
        return;
      case 'resume':
        await target.api.resume();
        return;
      case 'snooze':
        await target.api.snooze(command.input);
        return;
      case 'quietHours':
        await target.api.updateSettings({ quietHours: command.windows });
        return;
      case 'quit':
        target.quit();
        return;
    }
  } catch (e) {
    target.logger.warn(`${command.kind}: ${errorText(e)}`);
  }
}
