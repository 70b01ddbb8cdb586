import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectSystemTimeZone, isIanaShaped, parsePosixTz, parseTzif, posixOffset, tzifRules, zoneinfoDirs, zoneRulesFromFiles, type SystemZoneProbe } from '../../../main/zoneinfo.js';
import type { ZoneRules } from '../../../shared/zone.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const FROM = Date.UTC(1970, 0, 1);
const TO = Date.UTC(2100, 0, 1);

/** Intl's offset in ms at `ms`: the oracle (the way shared/zone.ts computes it without a source). */
function intlOffsetFn(timeZone: string): (ms: number) => number {
  const f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  return (ms) => {
    const parts = f.formatToParts(new Date(ms));
    const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(ms / 1000) * 1000;
  };
}

/** Every offset change in [from, to): sampled daily, each change found to the second by bisection. */
function changes(offset: (ms: number) => number, from: number, to: number): { at: number; offset: number }[] {
  const found: { at: number; offset: number }[] = [];
  let before = offset(from);
  for (let t = from + DAY; t < to; t += DAY) {
    const now = offset(t);
    if (now === before) continue;
    let lo = t - DAY;
    let hi = t;
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (offset(mid) === before) lo = mid;
      else hi = mid;
    }
    found.push({ at: hi, offset: offset(hi) });
    before = now;
  }
  return found;
}

const systemRules = zoneRulesFromFiles();
const rulesOf = (zone: string): ZoneRules => {
  const rules = systemRules(zone);
  if (!rules) throw new Error(`${zone} is not in this machine's tz database`);
  return rules;
};

/** The tz release on disk (tzdata.zi says it), to tell a data difference from a reader bug. */
const diskRelease = ((): string | null => {
  for (const dir of zoneinfoDirs()) {
    try {
      return /^# version (\S+)/.exec(readFileSync(join(dir, 'tzdata.zi'), 'utf8'))?.[1] ?? null;
    } catch {
      // not this one
    }
  }
  return null;
})();
const nodeRelease = process.versions.tz ?? '';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const hasZdump = spawnSync('zdump', ['--version'], { encoding: 'utf8' }).status === 0;

/**
 * The C library's reading of the same files (`zdump -v`: each transition since 1900 as the second before it
 * and the second it starts, with the UT offset): an oracle that reads the same tz release as the
 * source, whatever release Node's ICU carries.
 */
function zdumpTransitions(zone: string): { at: number; before: number; after: number }[] {
  const out = spawnSync('zdump', ['-v', '-c', '1900,2100', zone], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C', TZ: 'UTC' } }).stdout;
  const lines = [...out.matchAll(/ (\w{3}) +(\d+) (\d\d):(\d\d):(\d\d) (-?\d+) UT = .* gmtoff=(-?\d+)/g)].map((m) => ({
    at: Date.UTC(Number(m[6]), MONTHS.indexOf(m[1] ?? ''), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])),
    offset: Number(m[7]) * 1000,
  }));
  const found: { at: number; before: number; after: number }[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = lines[i];
    const b = lines[i + 1];
    if (a && b && b.at - a.at === 1000) found.push({ at: b.at, before: a.offset, after: b.offset });
  }
  return found;
}

const HARD = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'America/St_Johns',
  'Pacific/Chatham',
  'Africa/Casablanca',
  'Europe/Dublin',
  'Antarctica/Troll',
  'America/Santiago',
  'Asia/Tehran',
  'Pacific/Kiritimati',
  'America/Sao_Paulo',
];

describe.skipIf(!hasZdump)('zone rules from the system tz database agree with the C library on the same files (zdump; skipped where there is no zdump)', () => {
  it.each(HARD)('%s: both sides of every change 1970-2100, and every hour between', (zone) => {
    const ours = rulesOf(zone);
    const oracle = zdumpTransitions(zone);
    expect(oracle.length).toBeGreaterThan(0);
    for (const c of oracle) {
      expect(ours(c.at - 1000), `${zone} before ${new Date(c.at).toISOString()}`).toBe(c.before);
      expect(ours(c.at), `${zone} at ${new Date(c.at).toISOString()}`).toBe(c.after);
    }
    // Hourly against the oracle's offsets as a step function of its changes.
    let i = 0;
    let expected = oracle[0]?.before ?? 0;
    while (i < oracle.length && (oracle[i]?.at ?? Infinity) <= FROM) expected = oracle[i++]?.after ?? expected;
    const wrong: string[] = [];
    for (let t = FROM; t < TO; t += HOUR) {
      while (i < oracle.length && (oracle[i]?.at ?? Infinity) <= t) expected = oracle[i++]?.after ?? expected;
      if (ours(t) !== expected && wrong.length < 5) wrong.push(new Date(t).toISOString());
    }
    expect(wrong).toEqual([]);
    // Every change the source shows is one the oracle lists.
    const listed = new Set(oracle.filter((c) => c.before !== c.after).map((c) => c.at));
    expect(changes(ours, FROM, TO).filter((c) => !listed.has(c.at))).toEqual([]);
  });

  it('every zone Intl knows is on disk and reads as zdump reads it at both sides of each change (mismatches listed)', () => {
    const missing: string[] = [];
    const mismatches: string[] = [];
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      const ours = systemRules(zone);
      if (!ours) {
        missing.push(zone);
        continue;
      }
      for (const c of zdumpTransitions(zone)) {
        if (ours(c.at - 1000) === c.before && ours(c.at) === c.after) continue;
        if (mismatches.length < 40) mismatches.push(`${zone} ${new Date(c.at).toISOString()}: disk ${ours(c.at) / 60_000} min, zdump ${c.after / 60_000} min`);
      }
    }
    expect(mismatches).toEqual([]);
    // Debian ships every zone ICU knows; a missing one would fall back to Intl, so say which.
    expect(missing, `not on disk (Intl is used for these): ${missing.join(', ')}`).toEqual([]);
  });
});

// Node's ICU carries its own tz release; where the machine's differs, the two disagree wherever a
// release between them changed a rule (docs/time-zones.md), so Intl is an oracle only on a match.
describe.skipIf(diskRelease !== nodeRelease)(`zone rules agree with Intl when the tz releases match (disk ${diskRelease ?? 'unknown'}, Node's ICU ${nodeRelease}; skipped when they differ)`, () => {
  it.each(HARD)('%s: every change 1970-2100 to the second', (zone) => {
    const intl = intlOffsetFn(zone);
    const intlChanges = changes(intl, FROM, TO);
    expect(changes(rulesOf(zone), FROM, TO)).toEqual(intlChanges);
  });
});

// ---------------------------------------------------------------------------------------------
// Synthetic files

interface FixtureType {
  readonly offset: number; // seconds east
  readonly dst?: boolean;
  readonly name?: string;
}
interface Fixture {
  readonly version?: number; // 1 = no 64-bit block, no footer
  readonly transitions?: readonly number[]; // seconds
  readonly indices?: readonly number[];
  readonly types: readonly FixtureType[];
  readonly footer?: string;
  readonly leap?: number;
}

/** A TZif file as zic writes one (RFC 8536): v1 block, then for v2+ a 64-bit block and the footer. */
function tzif(f: Fixture): Uint8Array {
  const version = f.version ?? 2;
  const transitions = f.transitions ?? [];
  const indices = f.indices ?? transitions.map(() => 0);
  const names = f.types.map((t) => t.name ?? 'ZZZ');
  const chars = Buffer.from(`${names.join('\0')}\0`, 'ascii');
  const leap = f.leap ?? 0;
  const block = (timeSize: number): Buffer => {
    const header = Buffer.alloc(44);
    header.write('TZif', 0, 'ascii');
    header[4] = version === 1 ? 0 : 0x30 + version;
    [f.types.length, f.types.length, leap, transitions.length, f.types.length, chars.length].forEach((n, i) => header.writeUInt32BE(n, 20 + 4 * i));
    const parts: Buffer[] = [header];
    const times = Buffer.alloc(transitions.length * timeSize);
    transitions.forEach((t, i) => (timeSize === 8 ? times.writeBigInt64BE(BigInt(t), i * 8) : times.writeInt32BE(Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, t)), i * 4)));
    parts.push(times, Buffer.from(indices));
    const types = Buffer.alloc(f.types.length * 6);
    let nameAt = 0;
    f.types.forEach((t, i) => {
      types.writeInt32BE(t.offset, i * 6);
      types[i * 6 + 4] = t.dst ? 1 : 0;
      types[i * 6 + 5] = nameAt;
      nameAt += (names[i] ?? '').length + 1;
    });
    parts.push(types, chars, Buffer.alloc(leap * (timeSize + 4)), Buffer.alloc(f.types.length), Buffer.alloc(f.types.length));
    return Buffer.concat(parts);
  };
  if (version === 1) return new Uint8Array(block(4));
  return new Uint8Array(Buffer.concat([block(4), block(8), Buffer.from(`\n${f.footer ?? ''}\n`, 'ascii')]));
}

const rulesFrom = (f: Fixture): ZoneRules => {
  const zone = parseTzif(tzif(f));
  if (!zone) throw new Error('fixture did not parse');
  return tzifRules(zone);
};
const minutes = (rules: ZoneRules, iso: string): number => rules(Date.parse(iso)) / 60_000;
const footerOnly = (footer: string): ZoneRules => rulesFrom({ types: [{ offset: 0 }], footer });

describe('footer rules (POSIX TZ strings)', () => {
  it('Jn counts days without 29 February: J60 is 1 March in a leap year too', () => {
    const z = footerOnly('AAA0BBB,J60/12,J300/12');
    expect(minutes(z, '2024-02-29T12:00:00Z')).toBe(0);
    expect(minutes(z, '2024-03-01T11:59:59Z')).toBe(0);
    expect(minutes(z, '2024-03-01T12:00:00Z')).toBe(60);
    // J300 is 27 October every year; it ends at 12:00 summer time.
    expect(minutes(z, '2023-10-27T10:59:59Z')).toBe(60);
    expect(minutes(z, '2023-10-27T11:00:00Z')).toBe(0);
    expect(minutes(z, '2024-10-27T11:00:00Z')).toBe(0);
  });

  it('n counts 29 February: day 59 is 29 February in a leap year, 1 March otherwise', () => {
    const z = footerOnly('AAA0BBB,59/12,299/12');
    expect(minutes(z, '2024-02-29T11:59:59Z')).toBe(0);
    expect(minutes(z, '2024-02-29T12:00:00Z')).toBe(60);
    expect(minutes(z, '2023-02-28T12:00:00Z')).toBe(0);
    expect(minutes(z, '2023-03-01T11:59:59Z')).toBe(0);
    expect(minutes(z, '2023-03-01T12:00:00Z')).toBe(60);
    // Day 299 is 26 October in a leap year.
    expect(minutes(z, '2024-10-26T10:59:59Z')).toBe(60);
    expect(minutes(z, '2024-10-26T11:00:00Z')).toBe(0);
  });

  it('Mm.w.d with negative and over-24-hour times, and week 5 as the last one', () => {
    // 1 March 2026 is the first Sunday of March; -25 h is 27 February 23:00.
    const z = footerOnly('AAA0BBB,M3.1.0/-25,M10.5.0/49');
    expect(minutes(z, '2026-02-27T22:59:59Z')).toBe(0);
    expect(minutes(z, '2026-02-27T23:00:00Z')).toBe(60);
    // The last Sunday of October 2026 is the 25th; +49 h is 27 October 01:00 summer time, 00:00 UTC.
    expect(minutes(z, '2026-10-26T23:59:59Z')).toBe(60);
    expect(minutes(z, '2026-10-27T00:00:00Z')).toBe(0);
    // Santiago's form: the rule day's 24:00 is the next midnight.
    const santiago = footerOnly('<-04>4<-03>,M9.1.6/24,M4.1.6/24');
    expect(minutes(santiago, '2026-09-06T03:59:59Z')).toBe(-240);
    expect(minutes(santiago, '2026-09-06T04:00:00Z')).toBe(-180);
    expect(minutes(santiago, '2026-04-05T02:59:59Z')).toBe(-180);
    expect(minutes(santiago, '2026-04-05T03:00:00Z')).toBe(-240);
  });

  it('the southern hemisphere: summer time across the new year', () => {
    const z = footerOnly('AEST-10AEDT,M10.1.0,M4.1.0/3');
    expect(minutes(z, '2026-01-15T00:00:00Z')).toBe(660);
    expect(minutes(z, '2026-07-15T00:00:00Z')).toBe(600);
    expect(minutes(z, '2026-12-31T23:00:00Z')).toBe(660);
  });

  it('no DST, minutes in the offset, and quoted names', () => {
    expect(minutes(footerOnly('<+0545>-5:45'), '2026-07-01T00:00:00Z')).toBe(345);
    expect(minutes(footerOnly('<-0330>3:30'), '2026-07-01T00:00:00Z')).toBe(-210);
    expect(minutes(footerOnly('<+03>-3'), '2026-01-01T00:00:00Z')).toBe(180);
    expect(minutes(footerOnly('UTC0'), '2026-01-01T00:00:00Z')).toBe(0);
    const quoted = footerOnly('<-03>3<-02>,M3.2.0,M11.1.0');
    expect(minutes(quoted, '2026-07-01T00:00:00Z')).toBe(-120);
    expect(minutes(quoted, '2026-01-01T00:00:00Z')).toBe(-180);
  });

  it('summer time all year (RFC 8536: starts 1 January 00:00, ends 31 December 25:00)', () => {
    const z = footerOnly('EST5EDT,0/0,J365/25');
    for (const iso of ['2026-01-01T05:00:00Z', '2026-07-01T00:00:00Z', '2026-12-31T23:59:59Z', '2027-01-01T04:59:59Z', '2027-01-01T05:00:00Z']) expect(minutes(z, iso), iso).toBe(-240);
  });

  it('negative summer time (Dublin: winter is the "DST" of the rule)', () => {
    const z = footerOnly('IST-1GMT0,M10.5.0,M3.5.0/1');
    expect(minutes(z, '2026-07-01T00:00:00Z')).toBe(60);
    expect(minutes(z, '2026-01-01T00:00:00Z')).toBe(0);
    expect(minutes(z, '2026-03-29T00:59:59Z')).toBe(0);
    expect(minutes(z, '2026-03-29T01:00:00Z')).toBe(60);
  });

  it('a DST name without a rule takes the US rule, as POSIX systems do', () => {
    const z = parsePosixTz('EST5EDT');
    expect(z).not.toBeNull();
    if (z) expect(posixOffset(z, Date.parse('2026-07-01T00:00:00Z') / 1000)).toBe(-4 * 3600);
  });

  it('refuses what is not a POSIX TZ string', () => {
    for (const bad of [
      '',
      'AB0',
      '<+3>-3',
      '<+03-3',
      'CET',
      'CET-25',
      'CET-1CEST,M3.5.0',
      'CET-1CEST,M13.1.0,M10.5.0',
      'CET-1CEST,M3.6.0,M10.5.0',
      'CET-1CEST,J366,J1',
      'CET-1CEST,J0,J1',
      'CET-1CEST,366,1',
      'CET-1CEST,M3.5.0/168,M10.5.0',
      'CET-1CEST,M3.5.0,M10.5.0/3x',
      'CET-1:60',
    ])
      expect(parsePosixTz(bad), bad).toBeNull();
  });
});

describe('TZif files', () => {
  const berlinLike: Fixture = {
    transitions: [Date.UTC(2000, 2, 26, 1) / 1000, Date.UTC(2000, 9, 29, 1) / 1000],
    indices: [1, 0],
    types: [
      { offset: 3600, name: 'CET' },
      { offset: 7200, dst: true, name: 'CEST' },
    ],
    footer: 'CET-1CEST,M3.5.0,M10.5.0/3',
  };

  it('reads the table, time type 0 before it and the footer after it', () => {
    const z = rulesFrom(berlinLike);
    expect(minutes(z, '1999-07-01T00:00:00Z')).toBe(60);
    expect(minutes(z, '2000-03-26T00:59:59Z')).toBe(60);
    expect(minutes(z, '2000-03-26T01:00:00Z')).toBe(120);
    expect(minutes(z, '2000-10-29T01:00:00Z')).toBe(60);
    expect(minutes(z, '2050-07-01T00:00:00Z')).toBe(120);
    expect(minutes(z, '2050-12-01T00:00:00Z')).toBe(60);
  });

  it('an empty footer keeps the last offset; no transitions and no footer means type 0 always', () => {
    expect(minutes(rulesFrom({ ...berlinLike, indices: [0, 1], footer: '' }), '2050-12-01T00:00:00Z')).toBe(120);
    expect(minutes(rulesFrom({ types: [{ offset: 19800 }] }), '2050-12-01T00:00:00Z')).toBe(330);
  });

  it('a v1-only file: its 32-bit table, and its last offset forever', () => {
    const z = parseTzif(tzif({ ...berlinLike, version: 1 }));
    expect(z?.version).toBe(1);
    expect(z?.footer).toBeNull();
    if (z) expect(minutes(tzifRules(z), '2000-07-01T00:00:00Z')).toBe(120);
    if (z) expect(minutes(tzifRules(z), '2050-07-01T00:00:00Z')).toBe(60);
  });

  it('64-bit times before 1901 and after 2038 (the v2 block, not the v1 one)', () => {
    const z = rulesFrom({ transitions: [-(2 ** 40), 2 ** 33], indices: [1, 0], types: [{ offset: 0 }, { offset: 3600 }], footer: '' });
    expect(minutes(z, '1800-01-01T00:00:00Z')).toBe(60);
    expect(minutes(z, '2300-01-01T00:00:00Z')).toBe(0);
  });

  it('a damaged file on disk is no zone (Intl is asked instead), not a crash: the real Berlin file cut where its footer starts', () => {
    const real = readFileSync(join(zoneinfoDirs()[0] ?? '/usr/share/zoneinfo', 'Europe/Berlin'));
    const footerAt = real.lastIndexOf(0x0a, real.length - 2);
    const dir = mkdtempSync(join(tmpdir(), 'tzcut-'));
    mkdirSync(join(dir, 'Europe'));
    writeFileSync(join(dir, 'Europe/Berlin'), real.subarray(0, footerAt));
    expect(zoneRulesFromFiles([dir])('Europe/Berlin')).toBeNull();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a truncated, foreign or inconsistent file', () => {
    const good = tzif(berlinLike);
    expect(parseTzif(good)).not.toBeNull();
    // Every shorter prefix (the footer's first newline included) is refused, never thrown on.
    for (let cut = 0; cut < good.length; cut++) expect(parseTzif(good.subarray(0, cut)), `cut at ${cut}`).toBeNull();
    const foreign = good.slice();
    foreign[0] = 0x58;
    expect(parseTzif(foreign)).toBeNull();
    expect(parseTzif(new TextEncoder().encode('# tzdb data for Europe/Berlin\n'))).toBeNull();
    expect(parseTzif(tzif({ ...berlinLike, footer: 'not a rule' }))).toBeNull();
    expect(parseTzif(tzif({ ...berlinLike, indices: [1, 5] }))).toBeNull();
    expect(parseTzif(tzif({ ...berlinLike, transitions: [100, 50] }))).toBeNull();
    // Leap-second files (right/…) count other seconds: not read.
    expect(parseTzif(tzif({ ...berlinLike, leap: 1 }))).toBeNull();
  });
});

describe('the source', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mantra-zoneinfo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const put = (name: string, bytes: Uint8Array | string): void => {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  };
  const fixed = (seconds: number): Uint8Array => tzif({ types: [{ offset: seconds }], footer: `XXX${-seconds / 3600}` });

  it('reads a zone from TZDIR once, and refuses names that are not IANA zones', () => {
    put('Test/Zone', fixed(3 * 3600));
    for (const name of ['posix/Test/Zone', 'right/Test/Zone', 'localtime', 'posixrules', 'Factory']) put(name, fixed(3600));
    put('Test/Broken', 'TZif2 but nothing after');
    let reads = 0;
    const source = zoneRulesFromFiles(zoneinfoDirs({ TZDIR: dir }), (path) => {
      reads++;
      return readFileSync(path);
    });
    expect(source('Test/Zone')?.(0)).toBe(3 * HOUR);
    expect(source('Test/Zone')?.(0)).toBe(3 * HOUR);
    expect(reads).toBe(1);
    for (const name of [
      'posix/Test/Zone',
      'right/Test/Zone',
      'localtime',
      'posixrules',
      'Factory',
      '../x',
      'Test/../Test/Zone',
      `${dir}/Test/Zone`,
      'Test',
      'Test/Broken',
      'Test/Missing',
      '',
      'Test/Zone/',
    ])
      expect(source(name), name).toBeNull();
  });

  it('tries the default directories in order when TZDIR is unset', () => {
    expect(zoneinfoDirs({})).toEqual(['/usr/share/zoneinfo', '/usr/lib/zoneinfo', '/usr/share/lib/zoneinfo']);
    expect(zoneinfoDirs({ TZDIR: dir })).toEqual([dir]);
    expect(isIanaShaped('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isIanaShaped('Etc/GMT+5')).toBe(true);
    expect(isIanaShaped('America/Port-au-Prince')).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// The system zone

describe('the system zone', () => {
  const probe = (over: Partial<SystemZoneProbe>): SystemZoneProbe => ({
    env: {},
    readLink: () => null,
    readText: () => null,
    rules: systemRules,
    dirs: ['/usr/share/zoneinfo'],
    intl: () => 'Intl/Answer',
    ...over,
  });

  /** What a child node started with this TZ reports through Intl. */
  const childIntl = (tz: string): string | undefined => {
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(JSON.stringify({ zone: Intl.DateTimeFormat().resolvedOptions().timeZone ?? null }))'], {
      env: { ...process.env, TZ: tz },
      encoding: 'utf8',
    });
    const zone = (JSON.parse(child.stdout) as { zone: string | null }).zone;
    return zone ?? undefined;
  };
  /** The name Intl gives a zone (V8 canonicalises: US/Eastern is America/New_York). */
  const intlName = (zone: string): string | undefined => new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;

  it.each([
    'Europe/Berlin',
    ':Europe/Berlin',
    'America/St_Johns',
    'Asia/Kolkata',
    'Asia/Calcutta',
    'US/Eastern',
    'EST5EDT',
    'Etc/GMT+5',
    'Etc/UTC',
    'UCT',
    'Zulu',
    'Etc/Universal',
    'GMT',
    'Pacific/Chatham',
  ])('TZ=%s names the zone a child node reports', (tz) => {
    const child = childIntl(tz);
    const ours = detectSystemTimeZone(probe({ env: { TZ: tz }, intl: () => child }));
    expect(ours).toBeDefined();
    expect(intlName(ours ?? '')).toBe(child);
  });

  it('UTC and its aliases read "UTC", as V8 says', () => {
    for (const tz of ['Etc/UTC', 'UTC', 'UCT', 'Zulu', 'Universal', 'Etc/Universal', 'Etc/Zulu', 'GMT', 'Etc/GMT']) {
      expect(detectSystemTimeZone(probe({ env: { TZ: tz } })), tz).toBe('UTC');
      expect(childIntl(tz), tz).toBe('UTC');
    }
  });

  it('a POSIX rule string or an unknown name in TZ is left to Intl', () => {
    for (const tz of ['CET-1CEST', 'CET-1CEST,M3.5.0,M10.5.0/3', 'Nowhere/Land', 'posixrules', 'europe/berlin']) {
      const child = childIntl(tz);
      expect(detectSystemTimeZone(probe({ env: { TZ: tz }, intl: () => child })), tz).toBe(child);
    }
  });

  it('a path into a zoneinfo directory in TZ is its zone (V8 reports no name for it)', () => {
    expect(childIntl('/usr/share/zoneinfo/Europe/Berlin')).toBeUndefined();
    expect(detectSystemTimeZone(probe({ env: { TZ: '/usr/share/zoneinfo/Europe/Berlin' } }))).toBe('Europe/Berlin');
    expect(detectSystemTimeZone(probe({ env: { TZ: ':/usr/share/zoneinfo/posix/Asia/Tokyo' } }))).toBe('Asia/Tokyo');
    expect(detectSystemTimeZone(probe({ env: { TZ: '/usr/share/zoneinfo/Etc/UTC' } }))).toBe('UTC');
    expect(detectSystemTimeZone(probe({ env: { TZ: '/etc/passwd' } }))).toBe('Intl/Answer');
  });

  it('an empty TZ is UTC (the C library reads it so); ":" alone means the system default', () => {
    expect(detectSystemTimeZone(probe({ env: { TZ: '' } }))).toBe('UTC');
    expect(detectSystemTimeZone(probe({ env: { TZ: ':' }, readLink: () => '/usr/share/zoneinfo/Europe/Paris' }))).toBe('Europe/Paris');
  });

  it('without TZ: the /etc/localtime link, then /etc/timezone, then Intl', () => {
    const link = (target: string) => (path: string) => (path === '/etc/localtime' ? target : null);
    expect(detectSystemTimeZone(probe({ readLink: link('/usr/share/zoneinfo/Europe/Berlin') }))).toBe('Europe/Berlin');
    expect(detectSystemTimeZone(probe({ readLink: link('../usr/share/zoneinfo/America/Sao_Paulo') }))).toBe('America/Sao_Paulo');
    // macOS links into its own copy of the database.
    expect(detectSystemTimeZone(probe({ readLink: link('/var/db/timezone/zoneinfo/Europe/Paris') }))).toBe('Europe/Paris');
    expect(detectSystemTimeZone(probe({ readLink: link('/usr/share/zoneinfo/Etc/UTC') }))).toBe('UTC');
    const timezoneFile = (path: string): string | null => (path === '/etc/timezone' ? 'Australia/Lord_Howe\n' : null);
    expect(detectSystemTimeZone(probe({ readText: timezoneFile }))).toBe('Australia/Lord_Howe');
    expect(detectSystemTimeZone(probe({ readLink: link('/somewhere/else'), readText: timezoneFile }))).toBe('Australia/Lord_Howe');
    expect(detectSystemTimeZone(probe({ readText: () => 'Not/AZone\n' }))).toBe('Intl/Answer');
    expect(detectSystemTimeZone(probe({}))).toBe('Intl/Answer');
  });

  it('on this machine, with TZ unset, names the zone a child node without TZ reports', () => {
    const env = { ...process.env };
    delete env.TZ;
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(Intl.DateTimeFormat().resolvedOptions().timeZone)'], { env, encoding: 'utf8' }).stdout;
    const readLink = (p: string): string | null => {
      try {
        return readlinkSync(p);
      } catch {
        return null;
      }
    };
    const readText = (p: string): string | null => (existsSync(p) ? readFileSync(p, 'utf8') : null);
    expect(intlName(detectSystemTimeZone(probe({ env, readLink, readText, dirs: zoneinfoDirs(env), intl: () => child })) ?? '')).toBe(child);
  });
});
