/**
 * A host's log line that a terminal user reads, as data: the log file keeps the English
 * message, the CLI's printer words this in its language (one mechanism for every such line).
 */
import type { DiscordStatusSaid } from '../discord-status.js';
import type { RefusalDetail } from '../refusals.js';
import { discordStatusWords } from './discord-status-words.js';
import type { TFunction } from './i18n.js';
import { refusalWords } from './refusal-words.js';

export type TerminalSaid =
  /** A launch flag the host refused (`--deliver-now` before delivery is on); `text` is the English. */
  | { readonly kind: 'refused'; readonly flag: string; readonly refusal: RefusalDetail; readonly text: string }
  | { readonly kind: 'tokenInMemory'; readonly why: string }
  | { readonly kind: 'dnd'; readonly state: 'silenced' | 'open' | 'unknown' }
  | { readonly kind: 'discord'; readonly status: { readonly detail: string; readonly said?: DiscordStatusSaid | undefined } }
  | { readonly kind: 'channelFailed'; readonly channel: string; readonly error: string }
  | { readonly kind: 'deliveryOff'; readonly misses: number }
  | { readonly kind: 'cannotWrite'; readonly failures: number; readonly detail: string }
  | { readonly kind: 'writesAgain'; readonly failures: number };

/** The terminal's line for `said`, in `t`'s language; what other programs wrote stays inside as it came. */
export function terminalWords(said: TerminalSaid, t: TFunction): string {
  switch (said.kind) {
    case 'refused': {
      const reason = refusalWords(said.refusal, t) ?? said.text;
      const line = t('handover.refused', { command: said.flag, reason });
      // Delivery off: the terminal also says how to turn it on.
      return said.refusal.reason === 'enrollFirst' ? `${line} ${t('terminal.turnOn')}` : line;
    }
    case 'tokenInMemory':
      return t('terminal.tokenInMemory', { why: said.why });
    case 'dnd':
      return t(`terminal.dnd.${said.state}`);
    case 'discord':
      return `Discord: ${discordStatusWords(said.status, t)}`;
    case 'channelFailed':
      return t('terminal.channelFailed', { channel: t(`terminal.channels.${said.channel === 'notification' ? 'notification' : 'other'}`, { name: said.channel }), error: said.error });
    case 'deliveryOff':
      return t('terminal.deliveryOff', { count: said.misses });
    case 'cannotWrite':
      return t('terminal.cannotWrite', { count: said.failures, detail: said.detail });
    case 'writesAgain':
      return t('terminal.writesAgain', { count: said.failures });
  }
}
