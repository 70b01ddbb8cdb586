/**
 * A strict reader for log lines in the form the app writes them (`JSON.stringify` of an
 * entry: no whitespace, `"type"` first), for stats only. It reads the fields stats use
 * straight from the bytes, checks them as statsEntrySchema would, checks that the rest of
 * the line is well-formed JSON, and builds nothing else. Anything it is not sure of — an
 * escape in a name, whitespace, a repeated field, a number it cannot read exactly, a value
 * the schema would refuse — makes it answer `undefined`, and the caller parses that line
 * with JSON.parse + statsEntrySchema as before, so a bad line is refused with the same
 * message. It never refuses a line itself.
 */
import type { StatsEntry } from '../../shared/stats.js';
import { channelSchema, difficultySchema, type Channel, type Difficulty } from '../../shared/settings.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
/** The words a line may hold as enum values, with the string each stands for (shared, so no allocation per line). */
const words = (values: readonly string[]) => values.map((v) => ({ value: v, bytes: bytes(v) }));
const CHANNELS = words(channelSchema.options);
const DIFFICULTIES = words(difficultySchema.options);
const TRUE = bytes('true');
const FALSE = bytes('false');
const NULL = bytes('null');
const TYPE = bytes('type');

// The line being read: module state, so the hot loop passes no objects around.
const NO_LINE = Buffer.alloc(0);
let buf: Buffer = NO_LINE;
let pos = 0;
let stop = 0;
/** The last string read: content bounds, and whether it holds bytes above ASCII or escapes. */
let strStart = 0;
let strEnd = 0;
let strWide = false;
let strEscaped = false;

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= ZERO && c <= NINE) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
}

/** Reads a JSON string at `pos` (its opening quote); false when it is not valid JSON. `hashed`: also keep its hash for stringValue. */
function scanString(hashed = false): boolean {
  if (buf[pos] !== QUOTE) return false;
  let i = pos + 1;
  let hash = 0;
  strStart = i;
  strWide = false;
  strEscaped = false;
  // No bound check in the loop: the byte at `stop` is a newline (or past the buffer, read as 0), and a control character ends the string as invalid.
  for (;;) {
    const c = buf[i] ?? 0;
    if (c >= 0x20 && c < 0x80 && c !== QUOTE && c !== BACKSLASH) {
      // Plain ASCII: the common case, kept to the fewest tests.
      if (hashed) hash = (Math.imul(hash, 31) + c) | 0;
      i++;
      continue;
    }
    if (c === QUOTE) break;
    if (c < 0x20) return false;
    if (hashed) hash = (Math.imul(hash, 31) + c) | 0;
    if (c >= 0x80) strWide = true;
    else {
      strEscaped = true;
      const e = buf[i + 1];
      if (e === 0x75) {
        if (!(isHex(buf[i + 2]) && isHex(buf[i + 3]) && isHex(buf[i + 4]) && isHex(buf[i + 5]))) return false;
        i += 5;
      } else if (e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) i += 1;
      else return false;
    }
    i++;
  }
  strEnd = i;
  strHash = hash;
  pos = i + 1;
  return true;
}

let strHash = 0;
/**
 * ASCII strings already decoded, by hash: a log repeats the same themes and mantra texts
 * thousands of times, so most strings are found here (checked byte for byte) instead of
 * being made anew for every line.
 */
const known = new Map<number, string>();
const KNOWN_LIMIT = 4096;

/** The text of the last string read, decoded as JSON.parse would decode it. */
function stringValue(): string {
  if (strEscaped) return JSON.parse(buf.toString('utf8', strStart - 1, strEnd + 1)) as string;
  if (strWide) return buf.toString('utf8', strStart, strEnd);
  const found = known.get(strHash);
  if (found !== undefined && found.length === strEnd - strStart) {
    let k = 0;
    while (k < found.length && found.charCodeAt(k) === buf[strStart + k]) k++;
    if (k === found.length) return found;
  }
  const made = buf.toString('latin1', strStart, strEnd);
  if (known.size >= KNOWN_LIMIT) known.clear();
  known.set(strHash, made);
  return made;
}

function lastStringIs(word: Uint8Array): boolean {
  if (strEscaped || strEnd - strStart !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (buf[strStart + k] !== word[k]) return false;
  return true;
}

/** Reads a JSON number at `pos`: its value, or NaN when there is none (NaN is no JSON number, so it cannot be confused with one). */
function scanNumber(): number {
  const begin = pos;
  let i = pos;
  const negative = buf[i] === MINUS;
  if (negative) i++;
  let c = buf[i] ?? 0;
  if (c < ZERO || c > NINE) return NaN;
  let value = 0;
  let digits = 0;
  if (c === ZERO) i++;
  else
    while (c >= ZERO && c <= NINE) {
      value = value * 10 + (c - ZERO);
      digits++;
      c = buf[++i] ?? 0;
    }
  c = buf[i] ?? 0;
  let simple = digits <= 15;
  if (c === DOT) {
    simple = false;
    c = buf[++i] ?? 0;
    if (c < ZERO || c > NINE) return NaN;
    while (c >= ZERO && c <= NINE) c = buf[++i] ?? 0;
  }
  if (c === 0x65 || c === 0x45) {
    simple = false;
    c = buf[++i] ?? 0;
    if (c === 0x2b || c === MINUS) c = buf[++i] ?? 0;
    if (c < ZERO || c > NINE) return NaN;
    while (c >= ZERO && c <= NINE) c = buf[++i] ?? 0;
  }
  if (i > stop) return NaN;
  pos = i;
  // Up to 15 digits an integer is exact in a double; anything else is read by the engine's own conversion, as JSON.parse does.
  if (simple) return negative ? -value : value;
  return Number(buf.toString('latin1', begin, i));
}

function bytesAtPos(word: Uint8Array): boolean {
  if (pos + word.length > stop) return false;
  for (let k = 0; k < word.length; k++) if (buf[pos + k] !== word[k]) return false;
  return true;
}

function scanWord(word: Uint8Array): boolean {
  if (!bytesAtPos(word)) return false;
  pos += word.length;
  return true;
}

/** Steps over any JSON value at `pos`, checking that it is well-formed; false when it is not (or nests absurdly deep). */
function skipValue(depth: number): boolean {
  const c = buf[pos];
  if (c === QUOTE) return scanString();
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    if (depth > 32) return false;
    const object = c === OPEN_BRACE;
    const close = object ? CLOSE_BRACE : CLOSE_BRACKET;
    pos++;
    if (buf[pos] === close) {
      pos++;
      return true;
    }
    for (;;) {
      if (object && !(scanString() && buf[pos++] === COLON)) return false;
      if (!skipValue(depth + 1)) return false;
      const next = buf[pos++];
      if (next === close) return pos <= stop;
      if (next !== COMMA) return false;
    }
  }
  if (c === 0x74) return scanWord(TRUE);
  if (c === 0x66) return scanWord(FALSE);
  if (c === 0x6e) return scanWord(NULL);
  return !Number.isNaN(scanNumber());
}

/** How a field's value is read and checked (one switch, not a function per field: the hot loop stays monomorphic). */
const enum Kind {
  Finite,
  FiniteOrNull,
  AtLeastZero,
  Count,
  Hour,
  Unit,
  Text,
  NonEmpty,
  Channel,
  Difficulty,
  Mantra,
}

/** The fields a line's object may carry that stats read, by their name's bytes. */
interface Field {
  readonly name: Uint8Array;
  /** `"name":`, to match the field the app writes next in one go. */
  readonly member: Uint8Array;
  readonly kind: Kind;
}

/** What the fields read hold, by slot (the delivery's four, then its mantra's six); reused from line to line. */
const values: unknown[] = Array.from({ length: 10 }, () => null);

function oneOf(choices: readonly { value: string; bytes: Uint8Array }[], slot: number): boolean {
  if (!scanString()) return false;
  for (const w of choices)
    if (lastStringIs(w.bytes)) {
      values[slot] = w.value;
      return true;
    }
  return false;
}

/** Reads the value at `pos` into `values[slot]` as statsEntrySchema would take it; false: not sure (the caller falls back). */
function readField(kind: Kind, slot: number): boolean {
  switch (kind) {
    case Kind.Text:
    case Kind.NonEmpty: {
      if (!scanString(true)) return false;
      const text = stringValue();
      values[slot] = text;
      return kind === Kind.Text || text.length > 0;
    }
    case Kind.Channel:
      return oneOf(CHANNELS, slot);
    case Kind.Difficulty:
      return oneOf(DIFFICULTIES, slot);
    case Kind.Mantra:
      return buf[pos++] === OPEN_BRACE && buf[pos] !== CLOSE_BRACE && readMembers(MANTRA_FIELDS, MANTRA_BASE, true, 1);
    case Kind.FiniteOrNull:
      if (buf[pos] === 0x6e) {
        values[slot] = null;
        return scanWord(NULL);
      }
      break;
    default:
      break;
  }
  const v = scanNumber();
  values[slot] = v;
  if (!Number.isFinite(v)) return false;
  switch (kind) {
    case Kind.AtLeastZero:
      return v >= 0;
    case Kind.Count:
      return v >= 0 && Number.isSafeInteger(v);
    case Kind.Hour:
      return v >= 0 && v <= 23 && Number.isInteger(v);
    case Kind.Unit:
      return v >= 0 && v <= 1;
    default:
      return true;
  }
}

const field = (name: string, kind: Kind): Field => ({ name: bytes(name), member: bytes(`"${name}":`), kind });

/** Reads an object's members at `pos` (after its `{`, or after a member already read); every field in `fields` must come once. */
function readMembers(fields: readonly Field[], base: number, first: boolean, depth: number): boolean {
  let seen = 0;
  let guess = 0;
  let member = first;
  for (;;) {
    if (!member) {
      const c = buf[pos++];
      if (c === CLOSE_BRACE) return seen === (1 << fields.length) - 1;
      if (c !== COMMA) return false;
    }
    member = false;
    let index = -1;
    // In a line the app wrote, the next field is the one after the last (JSON.stringify keeps the schema's order).
    const expected = fields[guess];
    if (expected !== undefined && bytesAtPos(expected.member)) {
      index = guess;
      pos += expected.member.length;
    } else {
      if (!scanString() || strEscaped || buf[pos++] !== COLON) return false;
      // A second "type" would be the one JSON.parse keeps.
      if (depth === 0 && lastStringIs(TYPE)) return false;
      for (let f = 0; f < fields.length && index === -1; f++) if (lastStringIs(fields[f]?.name ?? NULL)) index = f;
    }
    if (index === -1) {
      // A field stats do not read (the learner's): stripped, as the schema strips it, but it must still be JSON.
      if (!skipValue(depth + 1)) return false;
      continue;
    }
    // JSON.parse keeps the last of a repeated name; rather than mirror that, leave such a line to it.
    if (seen & (1 << index)) return false;
    seen |= 1 << index;
    guess = index + 1;
    if (!readField(fields[index]?.kind ?? Kind.Finite, base + index)) return false;
  }
}

const MANTRA_FIELDS = [
  field('id', Kind.NonEmpty),
  field('theme', Kind.NonEmpty),
  field('template', Kind.NonEmpty),
  field('difficulty', Kind.Difficulty),
  field('basePoints', Kind.Count),
  field('text', Kind.NonEmpty),
];
/** Slots of the mantra's fields, after the delivery's own four. */
const MANTRA_BASE = 4;

const DELIVERED = [field('at', Kind.Finite), field('mantra', Kind.Mantra), field('deadline', Kind.Finite), field('hour', Kind.Hour)];
const ANSWERED = [
  field('at', Kind.Finite),
  field('sentAt', Kind.Finite),
  field('responseMs', Kind.AtLeastZero),
  field('channel', Kind.Channel),
  field('theme', Kind.Text),
  field('template', Kind.Text),
  field('similarity', Kind.Unit),
  field('points', Kind.Count),
  field('hour', Kind.Hour),
];
const TIMED_OUT = [field('at', Kind.Finite), field('sentAt', Kind.Finite), field('theme', Kind.Text), field('template', Kind.Text)];
const SKIPPED = [field('at', Kind.Finite), field('sentAt', Kind.FiniteOrNull), field('next', Kind.Finite)];

/**
 * The stats entry of the line `line[start, end)` whose leading `{"type":"<type>"` ends at
 * `after`, or undefined when the line is not in a form read here (parse it the usual way).
 */
export function readStatsLine(line: Buffer, start: number, end: number, type: string, after: number): StatsEntry | undefined {
  // The byte at `end` must end the line, so no scan can run on into the next one.
  if (end < line.length && line[end] !== 0x0a) return undefined;
  buf = line;
  pos = after;
  stop = end;
  const fields = type === 'delivered' ? DELIVERED : type === 'answered' ? ANSWERED : type === 'timedOut' ? TIMED_OUT : type === 'skipped' ? SKIPPED : null;
  const read = fields !== null && line[start] === OPEN_BRACE && readMembers(fields, 0, false, 0) && pos === end;
  // Let go of the line's buffer (a whole log file): module state must not keep it alive once the read is over.
  buf = NO_LINE;
  // A line that is the object and nothing more: `pos` must land exactly on its end.
  if (!read) return undefined;
  const v = values;
  switch (type) {
    case 'delivered':
      return {
        type,
        at: v[0] as number,
        mantra: {
          id: v[4] as string,
          theme: v[5] as string,
          template: v[6] as string,
          difficulty: v[7] as Difficulty,
          basePoints: v[8] as number,
          text: v[9] as string,
        },
        deadline: v[2] as number,
        hour: v[3] as number,
      };
    case 'answered':
      return {
        type,
        at: v[0] as number,
        sentAt: v[1] as number,
        responseMs: v[2] as number,
        channel: v[3] as Channel,
        theme: v[4] as string,
        template: v[5] as string,
        similarity: v[6] as number,
        points: v[7] as number,
        hour: v[8] as number,
      };
    case 'timedOut':
      return { type, at: v[0] as number, sentAt: v[1] as number, theme: v[2] as string, template: v[3] as string };
    default:
      return { type: 'skipped', at: v[0] as number, sentAt: v[1] as number | null, next: v[2] as number };
  }
}
