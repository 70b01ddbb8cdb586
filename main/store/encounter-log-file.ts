/**
 * The append-only JSONL encounter log of one profile: the facts the state is rebuilt from.
 * A torn or invalid line (a crash mid-write, a hand edit) is skipped with a warning.
 */
import { closeSync, existsSync, fdatasyncSync, fstatSync, ftruncateSync, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import { logEntrySchema, type LogEntry } from '../../shared/encounter-log.js';
import { describeIssues } from '../../shared/api.js';
import { STATS_ENTRY_TYPES, statsEntrySchema, type StatsEntry } from '../../shared/stats.js';
import { readStatsLine } from './stats-line.js';

export interface LogReport {
  readonly entries: LogEntry[];
  /** One sentence per skipped line, naming file and line number. */
  readonly skipped: string[];
}

export function readLogFile(path: string): LogReport {
  if (!existsSync(path)) return { entries: [], skipped: [] };
  return parseLogText(readFileSync(path, 'utf8'), path);
}

/** Why a line was skipped; where it is gets added only for a line that is skipped (not a string made for every line). */
class Skip {
  constructor(readonly why: string) {}
}
const NOT_JSON = new Skip('not JSON (a torn write?), skipped');
const notAnEncounter = (issues: Parameters<typeof describeIssues>[0]): Skip => new Skip(`not an encounter (${describeIssues(issues)}), skipped`);

/** One line: the entry, or why it was skipped. */
function checkLine(line: string): LogEntry | Skip {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return NOT_JSON;
  }
  const r = logEntrySchema.safeParse(json);
  return r.success ? r.data : notAnEncounter(r.error.issues);
}

/** One line: the entry, or why it was skipped (`where` names the line). */
function parseLine(line: string, where: string): { entry: LogEntry } | { skipped: string } {
  const r = checkLine(line);
  return r instanceof Skip ? { skipped: `${where}: ${r.why}` } : { entry: r };
}

const LEAD = Buffer.from('{"type":"', 'latin1');
/** The types stats read, as the bytes that follow LEAD in a line (the closing quote included), to match without decoding. */
const STATS_LEADS = new Map([...STATS_ENTRY_TYPES].map((type) => [type.charCodeAt(0), { type, bytes: Buffer.from(`${type}"`, 'latin1') }]));

/** True when `word` is at `at` in `buf`, before `end` (a loop: Buffer.compare's argument checks cost more than these few bytes). */
function bytesAt(buf: Buffer, at: number, end: number, word: Uint8Array): boolean {
  if (at + word.length > end) return false;
  for (let k = 0; k < word.length; k++) if (buf[at + k] !== word[k]) return false;
  return true;
}

/** The `type` of a line as JSON.stringify writes an entry (it comes first), without parsing; null: written otherwise. */
function leadingType(buf: Buffer, start: number, end: number): string | null {
  if (end - start < LEAD.length + 1 || !bytesAt(buf, start, end, LEAD)) return null;
  const from = start + LEAD.length;
  // The four types stats read are matched byte by byte (their first letters differ): no string is made for them.
  const lead = STATS_LEADS.get(buf[from] ?? 0);
  if (lead && bytesAt(buf, from, end, lead.bytes)) return lead.type;
  const close = buf.indexOf(0x22, from);
  return close === -1 || close >= end ? null : buf.toString('latin1', from, close);
}

/** One line for stats: the entry with the fields stats read (checked), null for an entry of another type. */
function parseStatsLine(buf: Buffer, start: number, end: number): StatsEntry | null | Skip {
  const type = leadingType(buf, start, end);
  if (type !== null && !STATS_ENTRY_TYPES.has(type)) return null;
  // A line as the app writes it is read from its bytes (stats-line.ts); any other goes through JSON.parse and the schema.
  const quick = type === null ? undefined : readStatsLine(buf, start, end, type, start + LEAD.length + type.length + 1);
  if (quick !== undefined) return quick;
  let json: unknown;
  try {
    json = JSON.parse(buf.toString('utf8', start, end));
  } catch {
    return NOT_JSON;
  }
  if (type === null && !(typeof json === 'object' && json !== null && 'type' in json && typeof json.type === 'string' && STATS_ENTRY_TYPES.has(json.type))) return null;
  const r = statsEntrySchema.safeParse(json);
  return r.success ? r.data : notAnEncounter(r.error.issues);
}

export function parseLogText(text: string, name: string): LogReport {
  const entries: LogEntry[] = [];
  const skipped: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const r = parseLine(line, `${name} line ${i + 1}`);
    if ('entry' in r) entries.push(r.entry);
    else skipped.push(r.skipped);
  });
  return { entries, skipped };
}

export interface LogSliceReport extends LogReport {
  /** Positions (non-blank lines, torn ones included) in the whole file. */
  readonly end: number;
  /** The text of position from - 1, and of the last position (null: none). */
  readonly before: string | null;
  readonly last: string | null;
  /** The file's length in bytes as read (0: none). */
  readonly bytes: number;
}

const NEWLINE = 0x0a;
const isBlank = (buf: Buffer, start: number, end: number): boolean => {
  for (let i = start; i < end; i++) {
    const b = buf[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  }
  return true;
};

/**
 * The entries from position `from` on. Lines before it are only counted (by their
 * newlines), never decoded or parsed: a cache that has seen them pays for the rest only.
 */
export function readLogFileFrom(path: string, from: number): LogSliceReport {
  const entries: LogEntry[] = [];
  const slice = readSliceWith(
    path,
    from,
    (buf, start, end) => checkLine(buf.toString('utf8', start, end)),
    (e) => entries.push(e),
  );
  return { ...slice, entries };
}

/**
 * readLogFileFrom for stats: entries of the types stats read, checked for the fields they
 * read only (statsEntrySchema), each handed to `add` as it is read, so a whole log is never
 * held as objects; lines of other types are counted, not parsed.
 */
export function readStatsFileFrom(path: string, from: number, add: (entry: StatsEntry) => void): StatsSliceReport {
  let count = 0;
  const slice = readSliceWith(path, from, parseStatsLine, (e) => {
    if (e === null) return;
    count++;
    add(e);
  });
  return { ...slice, count };
}

export interface StatsSliceReport extends Omit<LogSliceReport, 'entries'> {
  /** Entries handed to `add`. */
  readonly count: number;
}

function readSliceWith<T>(path: string, from: number, parse: (buf: Buffer, start: number, end: number) => T | Skip, take: (entry: T) => void): Omit<LogSliceReport, 'entries'> {
  if (!existsSync(path)) return { skipped: [], end: 0, before: null, last: null, bytes: 0 };
  const buf = readFileSync(path);
  const skipped: string[] = [];
  let position = 0;
  let line = 0;
  let before: string | null = null;
  let lastStart = -1;
  let lastEnd = -1;
  for (let start = 0; start < buf.length;) {
    let end = buf.indexOf(NEWLINE, start);
    if (end === -1) end = buf.length;
    line++;
    if (!isBlank(buf, start, end)) {
      if (position === from - 1) before = buf.toString('utf8', start, end);
      if (position >= from) {
        const r = parse(buf, start, end);
        if (r instanceof Skip) skipped.push(`${path} line ${line}: ${r.why}`);
        else take(r);
      }
      position++;
      lastStart = start;
      lastEnd = end;
    }
    start = end + 1;
  }
  return { skipped, end: position, before, last: lastStart === -1 ? null : buf.toString('utf8', lastStart, lastEnd), bytes: buf.length };
}

/** The last `limit` entries, oldest first, reading the file backwards only as far as they reach. */
export function readLogFileTail(path: string, limit: number): LogReport {
  if (limit <= 0 || !existsSync(path)) return { entries: [], skipped: [] };
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const found: LogEntry[] = [];
    const skipped: string[] = [];
    let fromEnd = 0;
    let carry = Buffer.alloc(0);
    let offset = size;
    const take = (text: string): void => {
      if (text.trim() === '') return;
      fromEnd++;
      const r = parseLine(text, `${path} line ${fromEnd} from the end`);
      if ('entry' in r) found.push(r.entry);
      else skipped.push(r.skipped);
    };
    while (offset > 0 && found.length < limit) {
      const length = Math.min(64 * 1024, offset);
      offset -= length;
      const chunk = Buffer.alloc(length);
      readSync(fd, chunk, 0, length, offset);
      let buf = Buffer.concat([chunk, carry]);
      // Every complete line after the first newline of this chunk; the part before waits for the previous chunk.
      for (let end = buf.length; found.length < limit;) {
        const nl = buf.lastIndexOf(NEWLINE, end - 1);
        if (nl === -1) {
          buf = buf.subarray(0, end);
          break;
        }
        take(buf.toString('utf8', nl + 1, end));
        end = nl;
        if (nl === 0) {
          buf = Buffer.alloc(0);
          break;
        }
      }
      carry = buf;
    }
    if (offset === 0 && found.length < limit && carry.length > 0) take(carry.toString('utf8'));
    return { entries: found.reverse(), skipped };
  } finally {
    closeSync(fd);
  }
}

/** True when the file is missing, empty or ends with a newline: a new line can start right away. */
function endsCleanly(path: string): boolean {
  if (!existsSync(path)) return true;
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

/**
 * Appends entries synchronously and all or nothing: written and fdatasync'ed before the
 * state is saved or any channel hears of them; a write that fails part-way (a full disk) is
 * cut back off, so the log never keeps half a step. A torn last line (a crash mid-write)
 * gets its newline first, so the new entry never glues onto it.
 */
export class LogAppender {
  private clean = new Set<string>();

  /** Returns the file's length after the append: the write knows it, so nobody stat()s it again. */
  append(path: string, entries: readonly LogEntry[]): number {
    if (entries.length === 0) return statSync(path, { throwIfNoEntry: false })?.size ?? 0;
    const lead = this.clean.has(path) || endsCleanly(path) ? '' : '\n';
    const text = Buffer.from(lead + entries.map((e) => JSON.stringify(e) + '\n').join(''), 'utf8');
    const fd = openSync(path, 'a', 0o600);
    let size = -1;
    try {
      size = fstatSync(fd).size;
      for (let written = 0; written < text.length;) written += writeSync(fd, text, written, text.length - written);
      fdatasyncSync(fd);
      this.clean.add(path);
      return size + text.length;
    } catch (e) {
      this.clean.delete(path);
      if (size >= 0) {
        try {
          ftruncateSync(fd, size);
        } catch {
          // The next start skips the torn line; the entry was not acknowledged either way.
        }
      }
      throw e;
    } finally {
      closeSync(fd);
    }
  }

  /** Forget what is known about files (after an import swapped them). */
  reset(): void {
    this.clean.clear();
  }
}

/** What a log read reports besides its entries, handed to the store's logger. */
interface Warner {
  warn(message: string): void;
}

/**
 * The logs of one data directory, whichever store keeps the records beside them (the
 * document or SQLite): appends through one LogAppender, and reads that report skipped lines.
 */
export class EncounterLogs {
  private readonly appender = new LogAppender();
  /** Ids that had a log file at the last directory listing or got one since; null: not listed, every size is a stat(). */
  private listed: Set<string> | null = null;

  constructor(
    private readonly pathOf: (profileId: string) => string,
    private readonly logger: Warner,
  ) {}

  /** The log's length in bytes after the append. */
  append(profileId: string, entries: readonly LogEntry[]): number {
    const bytes = this.appender.append(this.pathOf(profileId), entries);
    this.listed?.add(profileId);
    return bytes;
  }

  /** The store listed the log directory: a profile not in it has no log, so its size needs no stat() (20k of them at start). */
  listedAs(ids: Iterable<string>): void {
    this.listed = new Set(ids);
  }

  /** The log's length in bytes, 0 when there is none. */
  bytes(profileId: string): number {
    if (this.listed !== null && !this.listed.has(profileId)) return 0;
    return statSync(this.pathOf(profileId), { throwIfNoEntry: false })?.size ?? 0;
  }

  read(profileId: string): LogEntry[] {
    return this.warned(readLogFile(this.pathOf(profileId))).entries;
  }

  readTail(profileId: string, limit: number): LogEntry[] {
    return this.warned(readLogFileTail(this.pathOf(profileId), limit)).entries;
  }

  readFrom(profileId: string, from: number): Omit<LogSliceReport, 'skipped'> {
    const { skipped: _warned, ...slice } = this.warned(readLogFileFrom(this.pathOf(profileId), from));
    return slice;
  }

  readStatsFrom(profileId: string, from: number, add: (entry: StatsEntry) => void): Omit<StatsSliceReport, 'skipped'> {
    const { skipped: _warned, ...slice } = this.warned(readStatsFileFrom(this.pathOf(profileId), from, add));
    return slice;
  }

  /** Forgets which files end cleanly and which exist (after an import swapped them). */
  reset(): void {
    this.appender.reset();
    this.listed = null;
  }

  private warned<R extends { readonly skipped: readonly string[] }>(report: R): R {
    for (const s of report.skipped) this.logger.warn(s);
    return report;
  }
}
