/** The byte reader for stats lines: for every line it reads, the same entry as JSON.parse + statsEntrySchema; every other line is left to them. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { STATS_ENTRY_TYPES, statsEntrySchema, type StatsEntry } from '../../../shared/stats.js';
import type { LogEntry } from '../../../shared/encounter-log.js';
import { deliveredMantraSchema } from '../../../shared/settings.js';
import { readStatsLine } from '../../../main/store/stats-line.js';

/** What the schema path makes of a line: its entry, 'refused' (not JSON, or not a valid entry) or 'other' (a type stats do not read). */
function slow(line: string): StatsEntry | 'refused' | 'other' {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return 'refused';
  }
  if (!(typeof json === 'object' && json !== null && 'type' in json && typeof json.type === 'string' && STATS_ENTRY_TYPES.has(json.type))) return 'other';
  const r = statsEntrySchema.safeParse(json);
  return r.success ? r.data : 'refused';
}

/** The reader on one line as the log reader calls it (the line inside a bigger buffer, its `"type"` already matched). */
function quick(line: string): StatsEntry | undefined {
  const m = /^\{"type":"([^"]*)"/.exec(line);
  if (!m?.[1] || !STATS_ENTRY_TYPES.has(m[1])) return undefined;
  const before = '{"type":"enrolled","at":1,"next":2}\n';
  const buf = Buffer.from(`${before}${line}\n{"type":"delivered"}`, 'utf8');
  const start = Buffer.byteLength(before);
  return readStatsLine(buf, start, start + Buffer.byteLength(line), m[1], start + Buffer.byteLength(m[0]));
}

/** The reader never disagrees with the schema path, which parses the line as decoded from the file's bytes: it reads a line the same, or leaves it. */
function agrees(line: string): void {
  const q = quick(line);
  if (q === undefined) return;
  expect(slow(Buffer.from(line, 'utf8').toString('utf8'))).toEqual(q);
}

const number = fc.oneof(fc.integer({ min: -(2 ** 53), max: 2 ** 53 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 1e21, 5e-7, 123.456));
const text = fc.oneof(fc.constantFrom('calm', 'focus/3', 'Not everything has to be solved right now.', 'Café “quoted”', 'a"b\\c', 'tab\there', ''), fc.string({ unit: 'binary', maxLength: 12 }));
const entry: fc.Arbitrary<LogEntry> = fc.oneof(
  fc.record({
    type: fc.constant('delivered' as const),
    at: number,
    mantra: fc.record({ id: text, theme: text, template: text, difficulty: fc.constantFrom('easy' as const, 'moderate' as const, 'hard' as const), basePoints: fc.nat(), text }),
    deadline: number,
    hour: fc.integer({ min: 0, max: 23 }),
  }),
  fc.record(
    {
      type: fc.constant('answered' as const),
      at: number,
      sentAt: number,
      responseMs: fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }),
      channel: fc.constantFrom('window' as const, 'notification' as const, 'discord' as const, 'cli' as const, 'api' as const),
      theme: text,
      template: text,
      similarity: fc.double({ min: 0, max: 1, noNaN: true }),
      points: fc.nat(),
      streak: fc.integer({ min: 1, max: 1000 }),
      hour: fc.integer({ min: 0, max: 23 }),
      missedHours: fc.array(fc.integer({ min: 0, max: 23 }), { maxLength: 24 }),
      frequency: number,
      next: number,
      quiet: fc.boolean(),
      timeZone: text,
    },
    { requiredKeys: ['type', 'at', 'sentAt', 'responseMs', 'channel', 'theme', 'template', 'similarity', 'points', 'streak', 'hour', 'missedHours', 'frequency', 'next'] },
  ),
  fc.record(
    {
      type: fc.constant('timedOut' as const),
      at: number,
      sentAt: number,
      theme: text,
      template: text,
      missedHours: fc.array(fc.integer({ min: 0, max: 23 }), { maxLength: 24 }),
      frequency: number,
      failures: fc.integer({ min: 1, max: 50 }),
      next: fc.option(number, { nil: null }),
      timeZone: text,
    },
    { requiredKeys: ['type', 'at', 'sentAt', 'theme', 'template', 'missedHours', 'frequency', 'failures', 'next'] },
  ),
  fc.record({ type: fc.constant('skipped' as const), at: number, sentAt: fc.option(number, { nil: null }), next: number }),
);

/** Characters that make or break JSON, for hand edits. */
const edit = fc.record({
  at: fc.nat(),
  cut: fc.integer({ min: 0, max: 3 }),
  put: fc.constantFrom('', '"', '\\', ',', ':', '{', '}', '[', ']', ' ', '0', '-', 'e', '.', 'n', 'x', '\u0001', 'é', '9', '"at":', '\\u0041'),
});

describe('readStatsLine', () => {
  it('reads the fields the schema has: a field added to statsEntrySchema must be added to stats-line.ts too', () => {
    const shapes = Object.fromEntries(statsEntrySchema.options.map((o) => [o.shape.type.value, Object.keys(o.shape)]));
    expect(shapes).toEqual({
      delivered: ['type', 'at', 'mantra', 'deadline', 'hour'],
      answered: ['type', 'at', 'sentAt', 'responseMs', 'channel', 'theme', 'template', 'similarity', 'points', 'hour'],
      timedOut: ['type', 'at', 'sentAt', 'theme', 'template'],
      skipped: ['type', 'at', 'sentAt', 'next'],
    });
    expect(Object.keys(deliveredMantraSchema.shape)).toEqual(['id', 'theme', 'template', 'difficulty', 'basePoints', 'text']);
  });

  it('reads every line the app writes (JSON.stringify of a valid entry) exactly as JSON.parse + statsEntrySchema do', () => {
    fc.assert(
      fc.property(entry, (e) => {
        const line = JSON.stringify(e);
        const s = slow(line);
        if (s === 'refused' || s === 'other') return;
        expect(quick(line)).toEqual(s);
      }),
      { numRuns: 2000 },
    );
  });

  it('takes the fast path for lines as the app writes them, with the learner fields it does not read', () => {
    const line =
      '{"type":"answered","at":1767225600000,"sentAt":1767225000000,"responseMs":600000,"channel":"window","theme":"calm","template":"Breathe.","similarity":0.93,"points":50,"streak":3,"hour":0,"missedHours":[22,23],"frequency":1.05,"next":1767312000000,"quiet":false,"timeZone":"Europe/Berlin"}';
    expect(quick(line)).toEqual({
      type: 'answered',
      at: 1767225600000,
      sentAt: 1767225000000,
      responseMs: 600000,
      channel: 'window',
      theme: 'calm',
      template: 'Breathe.',
      similarity: 0.93,
      points: 50,
      hour: 0,
    });
    const delivered =
      '{"type":"delivered","at":-5,"mantra":{"id":"calm/1","theme":"calm","template":"Caf\\u00e9 {subject}","difficulty":"easy","basePoints":10,"text":"Café I"},"deadline":7,"hour":23}';
    expect(quick(delivered)).toEqual(slow(delivered));
    expect(quick(delivered)).toMatchObject({ mantra: { template: 'Café {subject}', text: 'Café I' } });
  });

  it('never reads a hand-edited line differently from JSON.parse + the schema, and never lets a bad one through', () => {
    fc.assert(
      fc.property(entry, fc.array(edit, { minLength: 1, maxLength: 3 }), (e, edits) => {
        let line = JSON.stringify(e);
        for (const { at, cut, put } of edits) {
          const i = at % (line.length + 1);
          line = line.slice(0, i) + put + line.slice(i + cut);
        }
        agrees(line);
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves to JSON.parse what it does not mirror: repeated fields, a second type, whitespace, odd numbers, values the schema refuses', () => {
    const base = '{"type":"skipped","at":1,"sentAt":null,"next":2}';
    expect(quick(base)).toEqual({ type: 'skipped', at: 1, sentAt: null, next: 2 });
    for (const line of [
      '{"type":"skipped","at":1,"sentAt":null,"next":2,"at":3}',
      '{"type":"skipped","at":1,"sentAt":null,"next":2,"type":"delivered"}',
      '{"type":"skipped", "at":1,"sentAt":null,"next":2}',
      '{"type":"skipped","at":1,"sentAt":null,"next":2}\r',
      '{"type":"skipped","at":1,"sentAt":null,"next":2} x',
      '{"type":"skipped","at":1e999,"sentAt":null,"next":2}',
      '{"type":"skipped","at":01,"sentAt":null,"next":2}',
      '{"type":"skipped","\\u0061t":1,"sentAt":null,"next":2}',
      '{"type":"skipped","at":1,"sentAt":null}',
      '{"type":"skipped","at":"1","sentAt":null,"next":2}',
      '{"type":"delivered","at":1,"mantra":{"id":"","theme":"t","template":"x","difficulty":"easy","basePoints":1,"text":"x"},"deadline":2,"hour":3}',
      '{"type":"delivered","at":1,"mantra":{"id":"i","theme":"t","template":"x","difficulty":"extreme","basePoints":1,"text":"x"},"deadline":2,"hour":3}',
      '{"type":"delivered","at":1,"mantra":{"id":"i","theme":"t","template":"x","difficulty":"easy","basePoints":1,"text":"x"},"deadline":2,"hour":24}',
      '{"type":"answered","at":1,"sentAt":0,"responseMs":-1,"channel":"window","theme":"t","template":"x","similarity":1,"points":1,"hour":0}',
      '{"type":"answered","at":1,"sentAt":0,"responseMs":1,"channel":"window","theme":"t","template":"x","similarity":1.5,"points":1,"hour":0}',
      '{"type":"answered","at":1,"sentAt":0,"responseMs":1,"channel":"window","theme":"t","template":"x","similarity":1,"points":9007199254740993,"hour":0}',
    ]) {
      expect(quick(line), line).toBeUndefined();
      agrees(line);
    }
    // A field it does not read may hold any JSON, as the schema strips it; broken JSON there still sends the line to JSON.parse.
    expect(quick('{"type":"skipped","at":1,"sentAt":null,"next":2,"extra":{"a":[1,true,null,"x\\n"]}}')).toEqual({ type: 'skipped', at: 1, sentAt: null, next: 2 });
    expect(quick('{"type":"skipped","at":1,"sentAt":null,"next":2,"extra":[1,]}')).toBeUndefined();
    expect(slow('{"type":"skipped","at":1,"sentAt":null,"next":2,"extra":[1,]}')).toBe('refused');
  });

  it('keeps no hold on the buffer it read (a whole log file) once a line is read', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const line = '{"type":"skipped","at":1,"sentAt":null,"next":2}';
    const held = ((): WeakRef<Buffer> => {
      const file = Buffer.from(`${line}\n`);
      expect(readStatsLine(file, 0, line.length, 'skipped', '{"type":"skipped"'.length)).toEqual({ type: 'skipped', at: 1, sentAt: null, next: 2 });
      return new WeakRef(file);
    })();
    // A WeakRef holds its target until the current job ends.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(held.deref()).toBeUndefined();
  });
});
