/**
 * Every sentence the bot writes. Times are shown in the profile's zone (as the window
 * does), followed by Discord's relative timestamp, which each client renders itself.
 */
import type { DeliveryStatus, Snapshot, ThemeSummary } from '../../../shared/api.js';
import type { AnswerVerdict } from '../../../shared/encounter.js';
import type { Channel, DeliveredMantra } from '../../../shared/settings.js';
import type { Stats } from '../../../shared/stats.js';
import { calendarDaysBetween } from '../../../shared/zone.js';
import type { SettleOutcome } from '../../engine/ports.js';

/** Discord's limit on message content. */
export const CONTENT_MAX = 2000;

/** "Tue 14:05" in `timeZone`; the day is left out when it is today there. */
export function clockText(ms: number, timeZone: string, now: number): string {
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
  if (calendarDaysBetween(now, ms, timeZone) === 0) return time;
  const weekday = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(ms);
  return `${weekday}, ${time}`;
}

/** Discord renders `<t:SECONDS:R>` as "in 2 hours" in each reader's own client. */
export const relative = (ms: number): string => `<t:${Math.floor(ms / 1000)}:R>`;

export function when(ms: number, timeZone: string, now: number): string {
  return `${clockText(ms, timeZone, now)} (${timeZone}) ${relative(ms)}`;
}

/** Markdown characters in a mantra are shown, not interpreted. */
export function literal(text: string): string {
  return text.replace(/([\\*_~`|])/g, '\\$1');
}

const fit = (text: string): string => (text.length <= CONTENT_MAX ? text : `${text.slice(0, CONTENT_MAX - 1)}…`);

export function deliveryText(mantra: DeliveredMantra, deadline: number, timeZone: string, now: number): string {
  return fit(
    [`🧘 **Your mantra** · ${mantra.difficulty}, ${mantra.basePoints} points`, `> ${literal(mantra.text)}`, `Type it back here by ${when(deadline, timeZone, now)}.`].join('\n'),
  );
}

const CHANNEL_WORDS: Record<Channel, string> = {
  window: 'in the answer window',
  notification: 'from the notification',
  discord: 'here',
  cli: 'on the command line',
  api: 'in the app',
};

export function settledLine(outcome: SettleOutcome | 'closed', answeredOn?: Channel): string {
  switch (outcome) {
    case 'answered':
      return `✅ Answered ${CHANNEL_WORDS[answeredOn ?? 'api']}.`;
    case 'timedOut':
      return '⌛ Missed: the deadline passed.';
    case 'skipped':
      return '⏭️ Skipped.';
    case 'snoozed':
      return '💤 Snoozed: it comes back later with the same words.';
    case 'closed':
      return '🔒 Closed while the bot was away.';
  }
}

/** The delivery DM once its mantra is closed: the mantra stays, the deadline line goes. */
export function settledText(mantra: Pick<DeliveredMantra, 'text' | 'difficulty' | 'basePoints'>, outcome: SettleOutcome | 'closed', answeredOn?: Channel): string {
  return fit([`🧘 **Your mantra** · ${mantra.difficulty}, ${mantra.basePoints} points`, `> ${literal(mantra.text)}`, settledLine(outcome, answeredOn)].join('\n'));
}

export function verdictText(v: AnswerVerdict): string {
  if (!v.accepted) {
    return fit(`❌ Not quite (${Math.round(v.similarity * 100)}% alike). Expected:\n> ${literal(v.expected)}\nTry again before the deadline.`);
  }
  const bonus = [v.bonuses.speed > 0 ? `speed +${Math.round(v.bonuses.speed * 100)}%` : '', v.bonuses.streak > 0 ? `streak +${Math.round(v.bonuses.streak * 100)}%` : '']
    .filter(Boolean)
    .join(', ');
  return `✅ **+${v.points} points**${bonus ? ` (${bonus})` : ''} · streak ${v.streak} · answered in ${duration(v.responseMs)}.`;
}

export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  if (h < 48) return rest ? `${h} h ${rest} min` : `${h} h`;
  return `${Math.round(h / 24)} days`;
}

export const offerText = (failures: number): string =>
  `You missed ${failures} mantras in a row. Would you like a break? (Mantras turn themselves off after 8 misses.)`;

export const disabledText = (): string => 'Mantras are off after 8 misses in a row. Run `/mantra enroll` when you want them back.';

export function statusText(status: DeliveryStatus, timeZone: string, now: number): string {
  switch (status.kind) {
    case 'not-enrolled':
      return 'You are not enrolled. Run `/mantra enroll` to start.';
    case 'disabled':
      return status.reason === 'failures' ? 'Mantras turned themselves off after too many misses. `/mantra enroll` starts again.' : 'Mantras are off. `/mantra enroll` starts again.';
    case 'waiting':
      return `Next mantra: ${when(status.nextAt, timeZone, now)}.`;
    case 'pending':
      return `A mantra is waiting for you until ${when(status.deadline, timeZone, now)}:\n> ${literal(status.mantra.text)}`;
    case 'paused':
      return status.until === null ? 'Paused until you resume (`/mantra resume`).' : `Paused until ${when(status.until, timeZone, now)}.`;
  }
}

const percent = (x: number | null): string => (x === null ? '–' : `${Math.round(x * 100)}%`);

export function statsText(s: Stats): string {
  const rt = s.responseTime;
  const best = s.perHour.filter((h) => h.answered > 0).sort((a, b) => b.answered - a.answered || a.hour - b.hour).slice(0, 3);
  return fit(
    [
      '📊 **Your mantra stats**',
      `Delivered ${s.delivered} · answered ${s.answered} · missed ${s.timedOut} · skipped ${s.skipped}${s.pending ? ` · waiting ${s.pending}` : ''}`,
      `Completion ${percent(s.completionRate)} · points ${s.totalPoints} · streak ${s.currentStreak} (best ${s.bestStreak})`,
      rt.medianMs === null ? 'Response time: no answers yet' : `Response time: median ${duration(rt.medianMs)}, 90% within ${duration(rt.p90Ms ?? rt.medianMs)}`,
      `Answers a day: ${s.answeredPerDay.last7.toFixed(1)} (7 days), ${s.answeredPerDay.last30.toFixed(1)} (30 days)`,
      best.length ? `Best hours: ${best.map((h) => `${String(h.hour).padStart(2, '0')}:00 (${h.answered})`).join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('\n'),
  );
}

export function modeText(snap: Snapshot): string {
  const s = snap.settings;
  switch (s.mode) {
    case 'adaptive':
      return 'adaptive (learns when you answer)';
    case 'interval':
      return `every ${s.intervalHours} h`;
    case 'fixed':
      return `at ${s.fixedTimes.join(', ')} (${snap.timeZone})`;
    case 'hybrid':
      return `near ${s.hybridTimes.join(', ')} ±${s.hybridWindowMinutes} min, at the best-learned moment (${snap.timeZone})`;
  }
}

export function settingsText(snap: Snapshot, themes: readonly ThemeSummary[]): string {
  const s = snap.settings;
  const on = themes.filter((t) => t.enabled).map((t) => `${t.name} (\`${t.id}\`)`);
  const off = themes.filter((t) => !t.enabled).map((t) => `\`${t.id}\``);
  return fit(
    [
      '⚙️ **Settings**',
      `Subject: ${literal(s.subject)} · controller: ${literal(s.controller)}`,
      `Themes: ${on.join(', ') || 'none'}`,
      off.length ? `Other themes: ${off.join(', ')}` : '',
      `Mode: ${modeText(snap)} · time zone: ${snap.timeZone}`,
      'Change with `/mantra settings subject:… controller:… themes:focus,calm timezone:Europe/Berlin` and `/mantra mode`.',
    ]
      .filter(Boolean)
      .join('\n'),
  );
}

/** "🌙 Quiet hours: 22:00-07:00 every day" (and whether it is quiet now). */
export function quietText(snap: Snapshot): string {
  const days = { all: 'every day', weekdays: 'weekdays', weekends: 'weekends' } as const;
  const windows = snap.settings.quietHours;
  if (windows.length === 0) return '🌙 No quiet hours. Set them with `/mantra quiet hours:22:00-07:00`.';
  const list = windows.map((w) => `${w.from}-${w.to} ${days[w.days]}`).join(', ');
  const now = snap.quietUntil !== null ? ` Quiet now, until ${when(snap.quietUntil, snap.timeZone, snap.now)}.` : '';
  return `🌙 Quiet hours (${snap.timeZone}): ${list}. No mantra starts inside them and their time does not count against a waiting one.${now}`;
}
