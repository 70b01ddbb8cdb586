/**
 * Everything users send the bot: DM replies (answers), slash commands and button clicks.
 * Each payload passes its zod schema first; anyone the audience does not serve is ignored.
 * A reply goes through `engine.answer(profile, text, 'discord')`: the window's own path.
 */
import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type Interaction, type Message } from 'discord.js';
import type { Audience } from './audience.js';
import { favoriteRow, parseButton } from './buttons.js';
import { describeError, runCommand } from './commands.js';
import type { MirrorEngine } from './engine-port.js';
import { withTimeout } from './faults.js';
import { ANSWER_MAX, buttonSchema, clientLocaleSchema, commandSchema, readDirectMessage } from './inbound.js';
import type { DmLedger } from './ledger.js';
import type { DmOutbox } from './outbox.js';
import { discordWording, ENGLISH, profileWording, statusText, verdictText, when } from './wording.js';

export interface InboxDeps {
  readonly engine: MirrorEngine;
  readonly audience: Audience;
  readonly ledger: DmLedger;
  readonly outbox: DmOutbox;
  readonly now: () => number;
  readonly callTimeoutMs: number;
  /** A failure that is not the user's (scrubbed by the caller). */
  readonly problem: (what: string, e: unknown) => void;
}

export class DmInbox {
  constructor(private readonly deps: InboxDeps) {}

  message(m: Message): void {
    const dm = readDirectMessage(m);
    if (!dm || dm.authorIsBot || dm.guildId !== null) return;
    const { engine, audience, ledger, outbox } = this.deps;
    const profileId = audience.profileFor(dm.authorId);
    if (profileId === null) return;
    const reply = (content: string, components?: unknown[]) => void outbox.reply(profileId, dm.authorId, dm.channelId, dm.id, components ? { content, components } : { content });
    if (!engine.hasProfile(profileId)) return reply(ENGLISH.t('discord.notEnrolledDm'));
    if (dm.content.trim() === '') return;
    const w = profileWording(engine, profileId);
    if (dm.content.length > ANSWER_MAX) return reply(w.t('discord.tooLong', { max: ANSWER_MAX }));
    // Read before answering: the answer's settle effect closes the ledger entry.
    const record = ledger.open(profileId);
    let verdict;
    try {
      verdict = engine.answer(profileId, dm.content, 'discord');
    } catch (e) {
      return reply(describeError(e, (err) => this.deps.problem('answering', err), w));
    }
    const favoriteButton =
      verdict.accepted && record && record.text === verdict.expected ? favoriteRow(record.messageId, engine.snapshot(profileId).settings.favorites.includes(record.template), w) : undefined;
    reply(verdictText(verdict, w), favoriteButton);
  }

  interaction(i: Interaction): void {
    if (i.isChatInputCommand()) void this.command(i);
    else if (i.isButton()) void this.button(i);
  }

  private async respond(what: string, work: Promise<unknown>): Promise<void> {
    try {
      await withTimeout(work, this.deps.callTimeoutMs, what);
    } catch (e) {
      this.deps.problem(what, e);
    }
  }

  private async command(i: ChatInputCommandInteraction): Promise<void> {
    const options = Object.fromEntries((i.options.data[0]?.options ?? []).map((o) => [o.name, o.value]));
    const parsed = commandSchema.safeParse({ id: i.id, userId: i.user.id, name: i.commandName, sub: i.options.getSubcommand(false), options, locale: i.locale });
    const result = parsed.success
      ? runCommand(parsed.data, { engine: this.deps.engine, audience: this.deps.audience, now: this.deps.now, onInternalError: (e) => this.deps.problem(`/mantra ${parsed.data.sub}`, e) })
      : { content: discordWording(null, clientLocaleSchema.parse(i.locale)).t('discord.unknownCommand'), ephemeral: true };
    await this.respond('answering a slash command', i.reply({ content: result.content, allowedMentions: { parse: [] }, ...(result.ephemeral ? { flags: MessageFlags.Ephemeral } : {}) }));
  }

  private async button(i: ButtonInteraction): Promise<void> {
    const { engine, audience, ledger } = this.deps;
    const click = buttonSchema.safeParse({ id: i.id, userId: i.user.id, messageId: i.message.id, customId: i.customId, locale: i.locale });
    const clientLocale = click.success ? click.data.locale : clientLocaleSchema.parse(i.locale);
    const action = click.success ? parseButton(click.data.customId) : null;
    const profileId = click.success ? audience.profileFor(click.data.userId) : null;
    const refuse = (content: string) => this.respond('answering a button', i.reply({ content, flags: MessageFlags.Ephemeral }));
    if (!action || profileId === null || !engine.hasProfile(profileId)) return refuse(discordWording(null, clientLocale).t('discord.notForYou'));
    const w = profileWording(engine, profileId, clientLocale);
    try {
      switch (action.kind) {
        case 'favorite': {
          const record = ledger.byMessage(action.deliveryMessageId);
          if (!record || record.profileId !== profileId) return await refuse(w.t('discord.tooOld'));
          const favorite = engine.toggleFavorite(profileId, record.template).settings.favorites.includes(record.template);
          return await this.respond('updating the favorite button', i.update({ components: favoriteRow(record.messageId, favorite, w) }));
        }
        case 'pause-day': {
          const snap = engine.pause(profileId, { minutes: 24 * 60 });
          return await this.respond('confirming the pause', i.update({ content: `⏸️ ${statusText(snap.status, snap.timeZone, this.deps.now(), w)}`, components: [] }));
        }
        case 'snooze': {
          const snap = engine.snooze(profileId, action.minutes);
          const until = snap.status.kind === 'pending' && snap.status.snoozedUntil != null ? snap.status.snoozedUntil : this.deps.now();
          return await this.respond(
            'confirming the snooze',
            i.reply({ content: w.t('discord.snoozedUntil', { when: when(until, snap.timeZone, this.deps.now(), w) }), flags: MessageFlags.Ephemeral }),
          );
        }
        case 'turn-off':
          engine.unenroll(profileId);
          return await this.respond('confirming turning off', i.update({ content: w.t('discord.turnedOff'), components: [] }));
      }
    } catch (e) {
      return refuse(describeError(e, (err) => this.deps.problem('a button', err), w));
    }
  }
}
