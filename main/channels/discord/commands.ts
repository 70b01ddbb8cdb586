/**
 * `/mantra …`, ported from the seed's cog (enroll, unenroll, settings, stats, mode) plus
 * pause, resume and next. Each acts on the same engine the window uses and answers with
 * the same figures; refusals come back as the engine's own sentence.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { ApiError } from '../../../shared/api.js';
import { INTERVAL } from '../../../shared/constants.js';
import type { ProfileSettingsPatch } from '../../../shared/settings.js';
import { parsePauseText } from '../../../shared/pause.js';
import { parseQuietHoursText } from '../../../shared/quiet-hours-text.js';
import type { Audience } from './audience.js';
import type { MirrorEngine } from './engine-port.js';
import type { CommandInvocation } from './inbound.js';
import type { en } from '../../../shared/i18n/en.js';
import type { Wording } from '../../../shared/i18n/format.js';
import { translator } from '../../../shared/i18n/i18n.js';
import { refusalWords } from '../../../shared/i18n/refusal-words.js';
import { pickLocale } from '../../../shared/i18n/locales.js';
import { CONTENT_MAX, discordWording, ENGLISH, modeText, profileWording, quietText, settingsText, statsText, statusText } from './wording.js';

type SlashKey = keyof typeof en.slash;
type TextKey = `slash.${SlashKey}` | `slashOptions.${keyof typeof en.slashOptions}`;

/** German and Spanish texts (names and choice values stay English: Discord command names are identifiers). */
const localized = (key: TextKey): Partial<Record<'de' | 'es-ES' | 'es-419', string>> => {
  const es = translator('es')(key);
  return { de: translator('de')(key), 'es-ES': es, 'es-419': es };
};

/** A description in English with its German and Spanish versions. */
const described = (key: TextKey) => ({ description: translator('en')(key), description_localizations: localized(key) });

/** A choice shown in the user's language; its value is what the command receives. */
const choice = (key: TextKey, value: string) => ({ name: translator('en')(key), name_localizations: localized(key), value });

const sub = (name: SlashKey, options: APIApplicationCommandBasicOption[] = []): APIApplicationCommandSubcommandOption => ({
  type: ApplicationCommandOptionType.Subcommand,
  name,
  ...described(`slash.${name}`),
  options,
});

/** The one command, registered with PUT /applications/:appId/commands. */
export const MANTRA_COMMAND: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  type: ApplicationCommandType.ChatInput,
  name: 'mantra',
  ...described('slash.mantra'),
  // Usable in the bot's DM, whether the app is installed to a server the user shares or to the user.
  contexts: [InteractionContextType.BotDM],
  integration_types: [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall],
  dm_permission: true,
  options: [
    sub('enroll'),
    sub('unenroll'),
    sub('settings', [
      { type: ApplicationCommandOptionType.String, name: 'subject', ...described('slashOptions.subject'), max_length: 40 },
      { type: ApplicationCommandOptionType.String, name: 'controller', ...described('slashOptions.controller'), max_length: 40 },
      { type: ApplicationCommandOptionType.String, name: 'themes', ...described('slashOptions.themes'), max_length: 500 },
      { type: ApplicationCommandOptionType.String, name: 'timezone', ...described('slashOptions.timezone'), max_length: 64 },
    ]),
    sub('stats'),
    sub('mode', [
      {
        type: ApplicationCommandOptionType.String,
        name: 'kind',
        ...described('slashOptions.kind'),
        choices: [choice('slashOptions.kindAdaptive', 'adaptive'), choice('slashOptions.kindInterval', 'interval'), choice('slashOptions.kindFixed', 'fixed')],
      },
      { type: ApplicationCommandOptionType.Integer, name: 'hours', ...described('slashOptions.hours'), min_value: INTERVAL.minHours, max_value: INTERVAL.maxHours },
      { type: ApplicationCommandOptionType.String, name: 'times', ...described('slashOptions.times'), max_length: 400 },
    ]),
    sub('pause', [{ type: ApplicationCommandOptionType.String, name: 'duration', ...described('slashOptions.duration'), required: true, max_length: 40 }]),
    sub('quiet', [{ type: ApplicationCommandOptionType.String, name: 'hours', ...described('slashOptions.quietHours'), max_length: 200 }]),
    sub('resume'),
    sub('next'),
  ],
};

export interface CommandReply {
  readonly content: string;
  readonly ephemeral: boolean;
}

export interface CommandContext {
  readonly engine: MirrorEngine;
  readonly audience: Audience;
  readonly now: () => number;
  /** Told about failures that are not the user's doing (the reply then stays vague). */
  readonly onInternalError?: (e: unknown) => void;
}

/** "9:00, 14:00 19:30" -> ["09:00", "14:00", "19:30"]; the engine checks the rest. */
export function parseTimes(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((t) => (/^\d:\d\d$/.test(t) ? `0${t}` : t));
}

const str = (inv: CommandInvocation, name: string): string | undefined => {
  const v = inv.options[name];
  return typeof v === 'string' ? v : undefined;
};
const int = (inv: CommandInvocation, name: string): number | undefined => {
  const v = inv.options[name];
  return typeof v === 'number' ? v : undefined;
};

/** A refusal or invalid input in the user's language (the engine's English if it names no reason); anything else stays vague. */
export function describeError(e: unknown, onInternalError?: (e: unknown) => void, w: Wording = ENGLISH): string {
  const translated = e instanceof ApiError ? refusalWords(e, w.t) : null;
  if (e instanceof ApiError && e.code !== 'internal') return `⚠️ ${translated ?? `${e.message.charAt(0).toUpperCase()}${e.message.slice(1)}.`}`;
  onInternalError?.(e);
  // A failed write says what happened and that nothing changed; other internal faults stay vague.
  return translated !== null ? `⚠️ ${translated}` : w.t('discord.internalError');
}

/** Runs one `/mantra` subcommand for the Discord user who invoked it. Never throws. */
export function runCommand(inv: CommandInvocation, ctx: CommandContext): CommandReply {
  const reply = (content: string): CommandReply => ({ content: content.length <= CONTENT_MAX ? content : `${content.slice(0, CONTENT_MAX - 1)}…`, ephemeral: true });
  const profileId = ctx.audience.profileFor(inv.userId);
  // Someone the bot has no profile language for is answered in their Discord client's language.
  const stranger = discordWording(null, inv.locale);
  if (profileId === null) return reply(stranger.t('discord.notOwner'));
  const { engine } = ctx;
  if (inv.sub !== 'enroll' && !engine.hasProfile(profileId)) return reply(stranger.t('discord.notEnrolledYet'));
  let w = profileWording(engine, profileId, inv.locale);
  try {
    const status = () => {
      const snap = engine.snapshot(profileId);
      return statusText(snap.status, snap.timeZone, ctx.now(), w);
    };
    switch (inv.sub) {
      case 'enroll': {
        if (ctx.audience.kind === 'open') {
          const fresh = !engine.hasProfile(profileId);
          engine.ensureProfile(profileId);
          // DMs carry no locale: a new user's mantras speak the language their first command came in.
          const spoken = pickLocale(null, [inv.locale ?? undefined]);
          if (fresh && spoken !== 'en') engine.updateSettings(profileId, { locale: spoken });
        }
        const snap = engine.enroll(profileId);
        w = discordWording(snap.settings, inv.locale);
        return reply(w.t('discord.enrolled', { status: statusText(snap.status, snap.timeZone, ctx.now(), w) }));
      }
      case 'unenroll':
        engine.unenroll(profileId);
        return reply(w.t('discord.unenrolled'));
      case 'settings': {
        const patch: ProfileSettingsPatch = {};
        const subject = str(inv, 'subject');
        const controller = str(inv, 'controller');
        const themes = str(inv, 'themes');
        if (subject !== undefined) patch.subject = subject;
        if (controller !== undefined) patch.controller = controller;
        if (themes !== undefined)
          patch.themes = themes
            .split(/[\s,;]+/)
            .filter(Boolean)
            .map((t) => t.toLowerCase());
        const timeZone = str(inv, 'timezone')?.trim();
        if (timeZone !== undefined) patch.timeZone = timeZone === '' || timeZone.toLowerCase() === 'system' ? null : timeZone;
        const snap = Object.keys(patch).length > 0 ? engine.updateSettings(profileId, patch) : engine.snapshot(profileId);
        return reply(`${Object.keys(patch).length > 0 ? `${w.t('discord.saved')}\n` : ''}${settingsText(snap, engine.listThemes(profileId), w)}`);
      }
      case 'stats':
        return reply(statsText(engine.stats(profileId), w));
      case 'mode': {
        const kind = str(inv, 'kind');
        const hours = int(inv, 'hours');
        const times = str(inv, 'times');
        if (kind === undefined && hours === undefined && times === undefined) return reply(w.t('discord.mode', { mode: modeText(engine.snapshot(profileId), w), status: status() }));
        if (kind !== undefined && kind !== 'adaptive' && kind !== 'interval' && kind !== 'fixed') return reply(w.t('discord.unknownMode', { kind }));
        const patch: ProfileSettingsPatch = {};
        if (kind !== undefined) patch.mode = kind;
        if (hours !== undefined) patch.intervalHours = hours;
        if (times !== undefined) patch.fixedTimes = parseTimes(times);
        const snap = engine.updateSettings(profileId, patch);
        return reply(w.t('discord.mode', { mode: modeText(snap, w), status: statusText(snap.status, snap.timeZone, ctx.now(), w) }));
      }
      case 'pause': {
        // A date is read in the profile's own zone.
        const parsed = parsePauseText(str(inv, 'duration') ?? '', engine.snapshot(profileId).timeZone);
        if (!parsed.ok) return reply(`⚠️ ${refusalWords(parsed.refusal, w.t) ?? parsed.error}`);
        const snap = engine.pause(profileId, parsed.input);
        return reply(statusText(snap.status, snap.timeZone, ctx.now(), w));
      }
      case 'quiet': {
        const text = str(inv, 'hours');
        if (text !== undefined) {
          const parsed = parseQuietHoursText(text);
          if (!parsed.ok) return reply(`⚠️ ${refusalWords(parsed.refusal, w.t) ?? parsed.error}`);
          engine.updateSettings(profileId, { quietHours: parsed.windows });
        }
        const snap = engine.snapshot(profileId);
        return reply(quietText(snap, w));
      }
      case 'resume': {
        const snap = engine.resume(profileId);
        return reply(w.t('discord.resumed', { status: statusText(snap.status, snap.timeZone, ctx.now(), w) }));
      }
      case 'next':
        return reply(status());
      default:
        return reply(w.t('discord.unknownSub', { sub: inv.sub }));
    }
  } catch (e) {
    return reply(describeError(e, ctx.onInternalError, w));
  }
}
