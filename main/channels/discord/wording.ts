/**
 * Every sentence the bot writes, in the profile's language (settings.locale, else English:
 * a bot has no "system" language of its reader). Times are shown in the profile's zone and
 * clock (as the window does), followed by Discord's relative timestamp, which each client renders itself.
 */
import type { DeliveryStatus, Snapshot, ThemeSummary } from '../../../shared/api.js';
import type { AnswerVerdict } from '../../../shared/encounter.js';
import { atTimes, clockTime, dayAndTime, duration as spoken, number, type Wording } from '../../../shared/i18n/format.js';
import { translator } from '../../../shared/i18n/i18n.js';
import { pickLocale } from '../../../shared/i18n/locales.js';
import type { Channel, DeliveredMantra, LocalePreferences } from '../../../shared/settings.js';
import type { Stats } from '../../../shared/stats.js';
import type { SettleOutcome } from '../../engine/ports.js';
import type { MirrorEngine } from './engine-port.js';

/**
 * The profile's words and clock; without a profile language, the Discord client's (`clientLocale`,
 * known only on an interaction), else English. English reads dates as en-GB ("Tue 1 Dec, 14:05"), as the bot always has.
 */
export function discordWording(prefs: LocalePreferences | null | undefined, clientLocale: string | null = null): Wording {
  const locale = pickLocale(prefs?.locale, [clientLocale ?? undefined]);
  return { t: translator(locale), tag: locale === 'en' ? 'en-GB' : locale, hourCycle: prefs?.hourCycle ?? null };
}

/** The wording of a profile with no language set. */
export const ENGLISH: Wording = discordWording(null);

/**
 * The words of a Discord text about `profileId`: its language and clock, else the client's
 * (`clientLocale`, interactions only), else English. A missing or unreadable profile never stops a reply.
 */
export function profileWording(engine: Pick<MirrorEngine, 'hasProfile' | 'snapshot'>, profileId: string, clientLocale: string | null = null): Wording {
  try {
    if (engine.hasProfile(profileId)) return discordWording(engine.snapshot(profileId).settings, clientLocale);
  } catch {
    // Unreadable: the reply still goes out, in the fallback words.
  }
  return discordWording(null, clientLocale);
}

/** Discord's limit on message content. */
export const CONTENT_MAX = 2000;

/** Discord renders `<t:SECONDS:R>` as "in 2 hours" in each reader's own client. */
export const relative = (ms: number): string => `<t:${Math.floor(ms / 1000)}:R>`;

/** "tomorrow at 01:00 (Europe/Berlin) <t:…:R>": the day joined to its time as the window joins it ("morgen um 01:00", "mañana a la 01:00"). */
export function when(ms: number, timeZone: string, now: number, w: Wording = ENGLISH): string {
  return `${dayAndTime(w, ms, timeZone, now)} (${timeZone}) ${relative(ms)}`;
}

/** Markdown characters in a mantra are shown, not interpreted. */
export function literal(text: string): string {
  return text.replace(/([\\*_~`|])/g, '\\$1');
}

const fit = (text: string): string => (text.length <= CONTENT_MAX ? text : `${text.slice(0, CONTENT_MAX - 1)}…`);

const pct = (w: Wording, share: number): string => number(w, Math.round(share * 100));

const mantraHead = (w: Wording, mantra: Pick<DeliveredMantra, 'difficulty' | 'basePoints'>): string =>
  w.t('discord.yourMantra', { difficulty: w.t(`difficulty.${mantra.difficulty}`), points: number(w, mantra.basePoints) });

export function deliveryText(mantra: DeliveredMantra, deadline: number, timeZone: string, now: number, w: Wording = ENGLISH): string {
  return fit([mantraHead(w, mantra), `> ${literal(mantra.text)}`, w.t('discord.typeBack', { when: when(deadline, timeZone, now, w) })].join('\n'));
}

export function settledLine(outcome: SettleOutcome | 'closed', answeredOn?: Channel, w: Wording = ENGLISH): string {
  switch (outcome) {
    case 'answered':
      return w.t('discord.answeredOn', { where: w.t(`discord.channel.${answeredOn ?? 'api'}`) });
    case 'timedOut':
      return w.t('discord.timedOut');
    case 'skipped':
      return w.t('discord.skipped');
    case 'snoozed':
      return w.t('discord.snoozed');
    case 'closed':
      return w.t('discord.closed');
  }
}

/** The delivery DM once its mantra is closed: the mantra stays, the deadline line goes. */
export function settledText(mantra: Pick<DeliveredMantra, 'text' | 'difficulty' | 'basePoints'>, outcome: SettleOutcome | 'closed', answeredOn?: Channel, w: Wording = ENGLISH): string {
  return fit([mantraHead(w, mantra), `> ${literal(mantra.text)}`, settledLine(outcome, answeredOn, w)].join('\n'));
}

export function verdictText(v: AnswerVerdict, w: Wording = ENGLISH): string {
  if (!v.accepted) return fit(w.t('discord.notQuite', { pct: pct(w, v.similarity), expected: literal(v.expected) }));
  const bonus = [v.bonuses.speed > 0 ? w.t('discord.speedBonus', { pct: pct(w, v.bonuses.speed) }) : '', v.bonuses.streak > 0 ? w.t('discord.streakBonus', { pct: pct(w, v.bonuses.streak) }) : '']
    .filter(Boolean)
    .join(', ');
  return w.t('discord.accepted', { points: number(w, v.points), bonus: bonus ? ` (${bonus})` : '', streak: number(w, v.streak), duration: duration(v.responseMs, w) });
}

/** "42 s", "3 min", "2 h 5 min", "3 days" in the profile's language. */
export function duration(ms: number, w: Wording = ENGLISH): string {
  return spoken(w, ms);
}

export const offerText = (failures: number, w: Wording = ENGLISH): string => w.t('discord.offer', { count: failures });

export const disabledText = (w: Wording = ENGLISH): string => w.t('discord.disabled');

export function statusText(status: DeliveryStatus, timeZone: string, now: number, w: Wording = ENGLISH): string {
  switch (status.kind) {
    case 'not-enrolled':
      return w.t('discord.notEnrolled');
    case 'disabled':
      return status.reason === 'failures' ? w.t('discord.offFailures') : w.t('discord.off');
    case 'waiting':
      return w.t('discord.next', { when: when(status.nextAt, timeZone, now, w) });
    case 'pending':
      return w.t('discord.pending', { when: when(status.deadline, timeZone, now, w), text: literal(status.mantra.text) });
    case 'paused':
      return status.until === null ? w.t('discord.pausedIndefinitely') : w.t('discord.pausedUntil', { when: when(status.until, timeZone, now, w) });
  }
}

const percent = (w: Wording, x: number | null): string => (x === null ? '–' : w.t('discord.percent', { n: pct(w, x) }));

export function statsText(s: Stats, w: Wording = ENGLISH): string {
  const rt = s.responseTime;
  const n = (x: number): string => number(w, x);
  const perDay = (x: number): string => new Intl.NumberFormat(w.tag, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x);
  const best = s.perHour
    .filter((h) => h.answered > 0)
    .sort((a, b) => b.answered - a.answered || a.hour - b.hour)
    .slice(0, 3);
  const hour = (h: number): string => clockTime(w, Date.UTC(2000, 0, 1, h), 'UTC');
  return fit(
    [
      w.t('discord.statsTitle'),
      w.t('discord.statsCounts', { delivered: n(s.delivered), answered: n(s.answered), missed: n(s.timedOut), skipped: n(s.skipped) }) +
        (s.pending ? w.t('discord.statsWaiting', { n: n(s.pending) }) : ''),
      w.t('discord.statsCompletion', { completion: percent(w, s.completionRate), points: n(s.totalPoints), streak: n(s.currentStreak), best: n(s.bestStreak) }),
      rt.medianMs === null ? w.t('discord.noResponse') : w.t('discord.response', { median: duration(rt.medianMs, w), p90: duration(rt.p90Ms ?? rt.medianMs, w) }),
      w.t('discord.perDay', { week: perDay(s.answeredPerDay.last7), month: perDay(s.answeredPerDay.last30) }),
      best.length ? w.t('discord.bestHours', { list: best.map((h) => `${hour(h.hour)} (${n(h.answered)})`).join(', ') }) : '',
    ]
      .filter(Boolean)
      .join('\n'),
  );
}

export function modeText(snap: Pick<Snapshot, 'settings' | 'timeZone'>, w: Wording = ENGLISH): string {
  const s = snap.settings;
  switch (s.mode) {
    case 'adaptive':
      return w.t('discord.modeAdaptive');
    case 'interval':
      return w.t('discord.modeInterval', { n: number(w, s.intervalHours) });
    case 'fixed':
      return w.t('discord.modeFixed', { times: atTimes(w, s.fixedTimes, 'dayTime.at'), zone: snap.timeZone });
    case 'hybrid':
      return w.t('discord.modeHybrid', { times: atTimes(w, s.hybridTimes, 'dayTime.around'), minutes: number(w, s.hybridWindowMinutes), zone: snap.timeZone });
  }
}

export function settingsText(snap: Snapshot, themes: readonly ThemeSummary[], w: Wording = ENGLISH): string {
  const s = snap.settings;
  const on = themes.filter((t) => t.enabled).map((t) => `${t.name} (\`${t.id}\`)`);
  const off = themes.filter((t) => !t.enabled).map((t) => `\`${t.id}\``);
  return fit(
    [
      w.t('discord.settingsTitle'),
      w.t('discord.subjectLine', { subject: literal(s.subject), controller: literal(s.controller) }),
      w.t('discord.themes', { list: on.join(', ') || w.t('discord.none') }),
      off.length ? w.t('discord.otherThemes', { list: off.join(', ') }) : '',
      w.t('discord.modeLine', { mode: modeText(snap, w), zone: snap.timeZone }),
      w.t('discord.settingsHint'),
    ]
      .filter(Boolean)
      .join('\n'),
  );
}

/** "🌙 Quiet hours: 22:00-07:00 every day" (and whether it is quiet now). */
export function quietText(snap: Snapshot, w: Wording = ENGLISH): string {
  const windows = snap.settings.quietHours;
  if (windows.length === 0) return w.t('discord.noQuiet');
  const list = windows.map((q) => `${q.from}-${q.to} ${w.t(`discord.days.${q.days}`)}`).join(', ');
  const now = snap.quietUntil !== null ? w.t('discord.quietNow', { when: when(snap.quietUntil, snap.timeZone, snap.now, w) }) : '';
  return w.t('discord.quiet', { zone: snap.timeZone, list, now });
}
