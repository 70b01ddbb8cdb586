/**
 * The append-only JSONL encounter log of one profile: the facts the state is rebuilt from.
 * A torn or invalid line (a crash mid-write, a hand edit) is skipped with a warning.
 */
import { appendFileSync, closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { logEntrySchema, type LogEntry } from '../../shared/encounter-log.js';
import { describeIssues } from '../../shared/api.js';

export interface LogReport {
  readonly entries: LogEntry[];
  /** One sentence per skipped line, naming file and line number. */
  readonly skipped: string[];
}

export function readLogFile(path: string): LogReport {
  if (!existsSync(path)) return { entries: [], skipped: [] };
  return parseLogText(readFileSync(path, 'utf8'), path);
}

export function parseLogText(text: string, name: string): LogReport {
  const entries: LogEntry[] = [];
  const skipped: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      skipped.push(`${name} line ${i + 1}: not JSON (a torn write?), skipped`);
      return;
    }
    const r = logEntrySchema.safeParse(json);
    if (r.success) entries.push(r.data);
    else skipped.push(`${name} line ${i + 1}: not an encounter (${describeIssues(r.error.issues)}), skipped`);
  });
  return { entries, skipped };
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
 * Appends entries synchronously, so the fact is on disk before the state is saved and
 * before any channel hears of it. A torn last line gets its newline first, so the new
 * entry never glues onto it.
 */
export class LogAppender {
  private clean = new Set<string>();

  append(path: string, entries: readonly LogEntry[]): void {
    if (entries.length === 0) return;
    const lead = this.clean.has(path) || endsCleanly(path) ? '' : '\n';
    appendFileSync(path, lead + entries.map((e) => JSON.stringify(e) + '\n').join(''), { encoding: 'utf8', mode: 0o600 });
    this.clean.add(path);
  }

  /** Forget what is known about files (after an import swapped them). */
  reset(): void {
    this.clean.clear();
  }
}
