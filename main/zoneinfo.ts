/**
 * Zone rules and the system zone from the system's tz database (TZif files, RFC 8536), so a
 * Node process learns offsets without building an Intl.DateTimeFormat: the first one maps
 * ~9.5 MB of ICU data into an otherwise idle `mantra serve` (docs/scaling.md).
 * Hand-written: the one TZif reader on npm (zoneinfo 0.1.8) reads only v1 32-bit data and no footer rule.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { useZoneRules, type ZoneRules, type ZoneRulesSource } from '../shared/zone.js';

const DAY_S = 86_400;

/** Where tz databases live when `TZDIR` names none. */
export const ZONEINFO_DIRS: readonly string[] = ['/usr/share/zoneinfo', '/usr/lib/zoneinfo', '/usr/share/lib/zoneinfo'];

/** The directories searched, in order: `TZDIR` alone when set (as the C library does). */
export function zoneinfoDirs(env: NodeJS.ProcessEnv = process.env): readonly string[] {
  const tzdir = env.TZDIR?.trim();
  return tzdir ? [tzdir] : ZONEINFO_DIRS;
}

// ---------------------------------------------------------------------------------------------
// The footer: a POSIX TZ string ("CET-1CEST,M3.5.0,M10.5.0/3"), which rules every instant after
// the last transition stored in the file.

type RuleDate =
  | { readonly kind: 'julian'; readonly day: number }
  | { readonly kind: 'zeroBased'; readonly day: number }
  | { readonly kind: 'month'; readonly month: number; readonly week: number; readonly weekday: number };

interface RuleEdge {
  readonly date: RuleDate;
  /** Seconds after local midnight; RFC 8536 allows -167 h to +167 h. */
  readonly time: number;
}

/** Offsets are seconds east of UTC (the POSIX string counts west; parsed values are flipped). */
export interface PosixZone {
  readonly std: number;
  readonly dst: { readonly offset: number; readonly start: RuleEdge; readonly end: RuleEdge } | null;
}

/** A POSIX TZ string as RFC 8536 allows it in a footer, or null when it is not one. */
export function parsePosixTz(text: string): PosixZone | null {
  let at = 0;
  const name = (): boolean => {
    if (text[at] === '<') {
      const close = text.indexOf('>', at);
      if (close < 0 || !/^[A-Za-z0-9+-]{3,}$/.test(text.slice(at + 1, close))) return false;
      at = close + 1;
      return true;
    }
    const m = /^[A-Za-z]{3,}/.exec(text.slice(at));
    if (!m) return false;
    at += m[0].length;
    return true;
  };
  // [+-]hh[:mm[:ss]]: seconds, or null when absent or out of range.
  const hms = (maxHours: number): number | null => {
    const m = /^([+-]?)(\d{1,3})(?::(\d{2})(?::(\d{2}))?)?/.exec(text.slice(at));
    if (!m) return null;
    const [h, mm, ss] = [Number(m[2]), Number(m[3] ?? 0), Number(m[4] ?? 0)];
    if (h > maxHours || mm > 59 || ss > 59) return null;
    at += m[0].length;
    return (m[1] === '-' ? -1 : 1) * (h * 3600 + mm * 60 + ss);
  };
  const ruleDate = (): RuleDate | null => {
    const rest = text.slice(at);
    const month = /^M(\d{1,2})\.(\d)\.(\d)/.exec(rest);
    const julian = /^J(\d{1,3})/.exec(rest);
    const zeroBased = /^(\d{1,3})/.exec(rest);
    let date: RuleDate | null = null;
    let length = 0;
    if (month) {
      const [m, w, d] = [Number(month[1]), Number(month[2]), Number(month[3])];
      if (m >= 1 && m <= 12 && w >= 1 && w <= 5 && d <= 6) date = { kind: 'month', month: m, week: w, weekday: d };
      length = month[0].length;
    } else if (julian) {
      const day = Number(julian[1]);
      if (day >= 1 && day <= 365) date = { kind: 'julian', day };
      length = julian[0].length;
    } else if (zeroBased) {
      const day = Number(zeroBased[1]);
      if (day <= 365) date = { kind: 'zeroBased', day };
      length = zeroBased[0].length;
    }
    at += length;
    return date;
  };
  const edge = (): RuleEdge | null => {
    const date = ruleDate();
    if (!date) return null;
    if (text[at] !== '/') return { date, time: 7200 };
    at++;
    const time = hms(167);
    return time === null ? null : { date, time };
  };

  if (!name()) return null;
  const west = hms(24);
  if (west === null) return null;
  const std = 0 - west; // 0 - 0 is +0, where -0 would leak into offsets
  if (at === text.length) return { std, dst: null };
  if (!name()) return null;
  let dstOffset = std + 3600;
  if (at < text.length && text[at] !== ',') {
    const dstWest = hms(24);
    if (dstWest === null) return null;
    dstOffset = 0 - dstWest;
  }
  // No rule: the US rule POSIX implementations assume (RFC 8536 footers always carry one).
  if (at === text.length)
    return {
      std,
      dst: { offset: dstOffset, start: { date: { kind: 'month', month: 3, week: 2, weekday: 0 }, time: 7200 }, end: { date: { kind: 'month', month: 11, week: 1, weekday: 0 }, time: 7200 } },
    };
  if (text[at] !== ',') return null;
  at++;
  const start = edge();
  if (!start || text[at] !== ',') return null;
  at++;
  const end = edge();
  if (!end || at !== text.length) return null;
  return { std, dst: { offset: dstOffset, start, end } };
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Seconds since the epoch of 00:00 on a rule's day in `year`, reckoned as if UTC. */
function dayStart(year: number, date: RuleDate): number {
  const jan1 = Date.UTC(year, 0, 1) / 1000;
  switch (date.kind) {
    case 'zeroBased':
      return jan1 + date.day * DAY_S;
    case 'julian':
      // Jn never counts 29 February: day 60 is always 1 March.
      return jan1 + (date.day - 1 + (isLeap(year) && date.day >= 60 ? 1 : 0)) * DAY_S;
    case 'month': {
      const first = Date.UTC(year, date.month - 1, 1);
      const firstWeekday = new Date(first).getUTCDay();
      const daysInMonth = new Date(Date.UTC(year, date.month, 0)).getUTCDate();
      let day = 1 + ((date.weekday - firstWeekday + 7) % 7) + (date.week - 1) * 7;
      while (day > daysInMonth) day -= 7; // week 5 means the last such weekday
      return first / 1000 + (day - 1) * DAY_S;
    }
  }
}

/** The offset (seconds east) a POSIX zone gives at `s` seconds since the epoch. */
export function posixOffset(zone: PosixZone, s: number): number {
  const { dst } = zone;
  if (!dst) return zone.std;
  const year = new Date((s + zone.std) * 1000).getUTCFullYear();
  // Each year's changes, in order; a rule time up to 167 h can move one into a neighbouring year.
  const changes: { at: number; offset: number }[] = [];
  for (const y of [year - 1, year, year + 1]) {
    changes.push({ at: dayStart(y, dst.start.date) + dst.start.time - zone.std, offset: dst.offset });
    changes.push({ at: dayStart(y, dst.end.date) + dst.end.time - dst.offset, offset: zone.std });
  }
  // Stable: an end meeting the next year's start at the same instant ("DST all year") lets the start win.
  changes.sort((a, b) => a.at - b.at);
  let offset = zone.std;
  for (const change of changes) if (change.at <= s) offset = change.offset;
  return offset;
}

// ---------------------------------------------------------------------------------------------
// TZif

interface Counts {
  readonly version: number;
  readonly isutcnt: number;
  readonly isstdcnt: number;
  readonly leapcnt: number;
  readonly timecnt: number;
  readonly typecnt: number;
  readonly charcnt: number;
}

const HEADER_BYTES = 44;

function readCounts(view: DataView, at: number): Counts | null {
  if (at + HEADER_BYTES > view.byteLength) return null;
  if (view.getUint32(at) !== 0x545a6966) return null; // "TZif"
  const v = view.getUint8(at + 4);
  const version = v === 0 ? 1 : v - 0x30;
  if (version < 1 || version > 9) return null;
  const c = (i: number): number => view.getUint32(at + 20 + 4 * i);
  return { version, isutcnt: c(0), isstdcnt: c(1), leapcnt: c(2), timecnt: c(3), typecnt: c(4), charcnt: c(5) };
}

function blockBytes(c: Counts, timeSize: number): number {
  return c.timecnt * timeSize + c.timecnt + c.typecnt * 6 + c.charcnt + c.leapcnt * (timeSize + 4) + c.isstdcnt + c.isutcnt;
}

/** What one zone file says: transition instants (seconds), the offset after each, and the rest. */
export interface Tzif {
  readonly version: number;
  readonly transitions: readonly number[];
  /** Seconds east of UTC in force from each transition on. */
  readonly offsets: readonly number[];
  /** Before the first transition (and everywhere when there is none and no footer). */
  readonly initialOffset: number;
  readonly footer: PosixZone | null;
}

/** Reads a TZif file (the v2+ 64-bit block where there is one, else v1); null when it is not a valid one. */
export function parseTzif(bytes: Uint8Array): Tzif | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const first = readCounts(view, 0);
  if (!first) return null;
  let counts = first;
  let at = HEADER_BYTES;
  let timeSize = 4;
  if (first.version >= 2) {
    const second = readCounts(view, HEADER_BYTES + blockBytes(first, 4));
    if (!second) return null;
    counts = second;
    at = HEADER_BYTES + blockBytes(first, 4) + HEADER_BYTES;
    timeSize = 8;
  }
  const c = counts;
  // A file with leap seconds (right/…) counts TAI-like seconds; Mantra does not serve those.
  if (c.typecnt < 1 || c.charcnt < 1 || c.leapcnt !== 0 || (c.isstdcnt !== 0 && c.isstdcnt !== c.typecnt) || (c.isutcnt !== 0 && c.isutcnt !== c.typecnt)) return null;
  const end = at + blockBytes(c, timeSize);
  if (end > view.byteLength) return null;

  const transitions: number[] = [];
  for (let i = 0; i < c.timecnt; i++) {
    const t = timeSize === 8 ? Number(view.getBigInt64(at + i * 8)) : view.getInt32(at + i * 4);
    if (i > 0 && t <= (transitions[i - 1] ?? t)) return null;
    transitions.push(t);
  }
  at += c.timecnt * timeSize;
  const indices: number[] = [];
  for (let i = 0; i < c.timecnt; i++) indices.push(view.getUint8(at + i));
  at += c.timecnt;
  const typeOffsets: number[] = [];
  for (let i = 0; i < c.typecnt; i++) {
    const utoff = view.getInt32(at + i * 6);
    if (utoff === -0x80000000 || view.getUint8(at + i * 6 + 5) >= c.charcnt) return null;
    typeOffsets.push(utoff);
  }
  if (indices.some((i) => i >= c.typecnt)) return null;

  let footer: PosixZone | null = null;
  if (timeSize === 8) {
    // "\n<POSIX TZ string>\n"; empty between the newlines means no rule beyond the table.
    if (end >= view.byteLength || view.getUint8(end) !== 0x0a) return null;
    const close = bytes.indexOf(0x0a, end + 1);
    if (close < 0) return null;
    const text = new TextDecoder('ascii').decode(bytes.subarray(end + 1, close));
    if (text !== '') {
      footer = parsePosixTz(text);
      if (!footer) return null;
    }
  }
  return {
    version: c.version,
    transitions,
    offsets: indices.map((i) => typeOffsets[i] ?? 0),
    initialOffset: typeOffsets[0] ?? 0,
    footer,
  };
}

/** Offset (ms to add to UTC) at instant `ms` by a zone file's table and footer. */
export function tzifRules(zone: Tzif): ZoneRules {
  const { transitions, offsets, footer } = zone;
  const last = transitions.length - 1;
  return (ms) => {
    const s = Math.floor(ms / 1000);
    if (last < 0) return (footer ? posixOffset(footer, s) : zone.initialOffset) * 1000;
    if (s < (transitions[0] ?? 0)) return zone.initialOffset * 1000;
    if (footer && s > (transitions[last] ?? 0)) return posixOffset(footer, s) * 1000;
    // The last transition at or before s.
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((transitions[mid] ?? 0) <= s) lo = mid;
      else hi = mid - 1;
    }
    return (offsets[lo] ?? 0) * 1000;
  };
}

// ---------------------------------------------------------------------------------------------
// The source and the system zone

/** Names the tz database's own directories use but that are not zones of their own, or not IANA ones. */
const NOT_ZONES = new Set(['localtime', 'posixrules', 'Factory']);

/** An IANA-shaped name (Europe/Berlin, Etc/GMT+5, EST5EDT): no path tricks, no posix/ or right/ copies. */
export function isIanaShaped(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name) || name.length > 64) return false;
  const head = name.split('/')[0];
  return head !== 'posix' && head !== 'right' && !NOT_ZONES.has(name);
}

/** Rules from TZif files under `dirs`, read once per zone; null for a name no file there describes. */
export function zoneRulesFromFiles(dirs: readonly string[] = zoneinfoDirs(), read: (path: string) => Uint8Array = readFileSync): ZoneRulesSource {
  const cache = new Map<string, ZoneRules | null>();
  return (timeZone) => {
    const cached = cache.get(timeZone);
    if (cached !== undefined) return cached;
    let rules: ZoneRules | null = null;
    if (isIanaShaped(timeZone)) {
      for (const dir of dirs) {
        let bytes: Uint8Array;
        try {
          bytes = read(join(dir, timeZone));
        } catch {
          continue; // missing here (or a directory): try the next database
        }
        // A damaged file is no zone here (Intl is asked instead), never a crash at start.
        let zone: ReturnType<typeof parseTzif> = null;
        try {
          zone = parseTzif(bytes);
        } catch {
          zone = null;
        }
        if (zone) rules = tzifRules(zone);
        break;
      }
    }
    // Bounded: names come from stored settings and user input, and an unknown one is cheap to ask again.
    if (cache.size < 2_000) cache.set(timeZone, rules);
    return rules;
  };
}

let installed: ZoneRulesSource | null = null;

/** The process's source (the system tz database); installed into shared/zone.ts by installZoneRules. */
export function systemZoneRules(): ZoneRulesSource {
  installed ??= zoneRulesFromFiles();
  return installed;
}

/** Makes shared/zone.ts read offsets and this computer's zone from the system tz database in this process (Intl stays the fallback). */
export function installZoneRules(): void {
  useZoneRules(systemZoneRules(), () => detectSystemTimeZone());
}

/** The names V8 reports as plain "UTC". */
const UTC_ALIASES = new Set([
  'UTC',
  'Etc/UTC',
  'Etc/UCT',
  'UCT',
  'Etc/Universal',
  'Universal',
  'Etc/Zulu',
  'Zulu',
  'GMT',
  'Etc/GMT',
  'GMT0',
  'GMT+0',
  'GMT-0',
  'Etc/GMT0',
  'Etc/GMT+0',
  'Etc/GMT-0',
  'Greenwich',
  'Etc/Greenwich',
]);

/** A zone name from a path inside a tz database (/usr/share/zoneinfo/posix/Europe/Berlin -> Europe/Berlin). */
function nameInDatabase(path: string, dirs: readonly string[]): string | null {
  const dir = dirs.find((d) => path.startsWith(`${d.replace(/\/+$/, '')}/`));
  const at = path.lastIndexOf('/zoneinfo/');
  const rest = dir !== undefined ? path.slice(dir.replace(/\/+$/, '').length + 1) : at >= 0 ? path.slice(at + '/zoneinfo/'.length) : null;
  return rest?.replace(/^(posix|right)\//, '') ?? null;
}

export interface SystemZoneProbe {
  readonly env: NodeJS.ProcessEnv;
  /** The target of a symbolic link, or null when it is not one. */
  readonly readLink: (path: string) => string | null;
  readonly readText: (path: string) => string | null;
  readonly rules: ZoneRulesSource;
  /** The tz databases a path may point into (besides any directory named zoneinfo). */
  readonly dirs: readonly string[];
  /** The last resort: what Intl says (costs the ICU pages this module exists to avoid). */
  readonly intl: () => string | undefined;
}

const quietly =
  <T>(fn: (path: string) => T) =>
  (path: string): T | null => {
    try {
      return fn(path);
    } catch {
      return null;
    }
  };

function defaultProbe(): SystemZoneProbe {
  return {
    env: process.env,
    readLink: quietly((path) => readlinkSync(path)),
    readText: quietly((path) => readFileSync(path, 'utf8')),
    rules: systemZoneRules(),
    dirs: zoneinfoDirs(),
    intl: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}

/**
 * This computer's zone without Intl where the tz database answers: `TZ` (an IANA name or a
 * path into a zoneinfo directory; a POSIX rule string such as CET-1CEST is left to Intl),
 * else the zone /etc/localtime links to, else /etc/timezone, else Intl. UTC's aliases read "UTC".
 */
export function detectSystemTimeZone(probe: SystemZoneProbe = defaultProbe()): string | undefined {
  const known = (name: string | null | undefined): string | null => {
    if (!name || !probe.rules(name)) return null;
    return UTC_ALIASES.has(name) ? 'UTC' : name;
  };
  const tz = probe.env.TZ;
  if (tz !== undefined) {
    // An empty TZ is UTC to the C library; ":" alone means the system default.
    if (tz === '') return 'UTC';
    const value = tz.startsWith(':') ? tz.slice(1) : tz;
    if (value !== '') {
      const named = known(value.startsWith('/') ? nameInDatabase(value, probe.dirs) : value);
      return named ?? probe.intl();
    }
  }
  const link = probe.readLink('/etc/localtime');
  const linked = link === null ? null : known(nameInDatabase(resolve(dirname('/etc/localtime'), link), probe.dirs));
  if (linked) return linked;
  const fromFile = known(probe.readText('/etc/timezone')?.split('\n')[0]?.trim());
  return fromFile ?? probe.intl();
}
