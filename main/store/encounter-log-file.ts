/**
 * The append-only JSONL encounter log of one profile: the facts the state is rebuilt from.
 * A torn or invalid line (a crash mid-write, a hand edit) is skipped with a warning.
 */
import { closeSync, existsSync, fdatasyncSync, fstatSync, ftruncateSync, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import { logEntrySchema, type LogEntry } from '../../shared/encounter-log.js';
import { describeIssues } from '../../shared/api.js';
import { STATS_ENTRY_TYPES, statsEntrySchema, type StatsEntry } from '../../shared/stats.js';

export interface LogReport {
  readonly entries: LogEntry[];
  /** One sentence per skipped line, naming file and line number. */
  readonly skipped: string[];
}

export function readLogFile(path: string): LogReport {
  if (!existsSync(path)) return { entries: [], skipped: [] };
  return parseLogText(readFileSync(path, 'utf8'), path);
}

/** One line: the entry, or why it was skipped (`where` names the line). */
function parseLine(line: string, where: string): { entry: LogEntry } | { skipped: string } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { skipped: `${where}: not JSON (a torn write?), skipped` };
  }
  const r = logEntrySchema.safeParse(json);
  return r.success ? { entry: r.data } : { skipped: `${where}: not an encounter (${describeIssues(r.error.issues)}), skipped` };
}

/** The `type` of a line as JSON.stringify writes an entry (it comes first), without parsing; null: written otherwise. */
function leadingType(buf: Buffer, start: number, end: number): string | null {
  const lead = '{"type":"';
  if (end - start < lead.length + 1 || buf.toString('latin1', start, start + lead.length) !== lead) return null;
  const close = buf.indexOf(0x22, start + lead.length);
  return close === -1 || close >= end ? null : buf.toString('latin1', start + lead.length, close);
}

/** One line for stats: the entry with the fields stats read (checked), null for an entry of another type. */
function parseStatsLine(buf: Buffer, start: number, end: number, where: string): { entry: StatsEntry | null } | { skipped: string } {
  const type = leadingType(buf, start, end);
  if (type !== null && !STATS_ENTRY_TYPES.has(type)) return { entry: null };
  let json: unknown;
  try {
    json = JSON.parse(buf.toString('utf8', start, end));
  } catch {
    return { skipped: `${where}: not JSON (a torn write?), skipped` };
  }
  if (type === null && !(typeof json === 'object' && json !== null && 'type' in json && typeof json.type === 'string' && STATS_ENTRY_TYPES.has(json.type))) return { entry: null };
  const r = statsEntrySchema.safeParse(json);
  return r.success ? { entry: r.data } : { skipped: `${where}: not an encounter (${describeIssues(r.error.issues)}), skipped` };
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
  return readSliceWith(path, from, (buf, start, end, where) => parseLine(buf.toString('utf8', start, end), where));
}

/**
 * readLogFileFrom for stats: entries of the types stats read, checked for the fields they
 * read only (statsEntrySchema); lines of other types are counted, not parsed.
 */
export function readStatsFileFrom(path: string, from: number): StatsSliceReport {
  const slice = readSliceWith(path, from, parseStatsLine);
  return { ...slice, entries: slice.entries.filter((e): e is StatsEntry => e !== null) };
}

export interface StatsSliceReport extends Omit<LogSliceReport, 'entries'> {
  readonly entries: StatsEntry[];
}

function readSliceWith<T>(
  path: string,
  from: number,
  parse: (buf: Buffer, start: number, end: number, where: string) => { entry: T } | { skipped: string },
): Omit<LogSliceReport, 'entries'> & { entries: T[] } {
  if (!existsSync(path)) return { entries: [], skipped: [], end: 0, before: null, last: null, bytes: 0 };
  const buf = readFileSync(path);
  const entries: T[] = [];
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
        const r = parse(buf, start, end, `${path} line ${line}`);
        if ('entry' in r) entries.push(r.entry);
        else skipped.push(r.skipped);
      }
      position++;
      lastStart = start;
      lastEnd = end;
    }
    start = end + 1;
  }
  return { entries, skipped, end: position, before, last: lastStart === -1 ? null : buf.toString('utf8', lastStart, lastEnd), bytes: buf.length };
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

  readStatsFrom(profileId: string, from: number): Omit<StatsSliceReport, 'skipped'> {
    const { skipped: _warned, ...slice } = this.warned(readStatsFileFrom(this.pathOf(profileId), from));
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
