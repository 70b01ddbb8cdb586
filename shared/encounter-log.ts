/**
 * The encounter log: one JSON object a line, append-only, the truth from which
 * a profile's state is rebuilt. Every entry carries what replay needs, so replay
 * never consults the clock, the settings or a random generator.
 * Times are epoch milliseconds.
 */
import { z } from 'zod';
import { channelSchema, deliveredMantraSchema } from './settings.js';

const hourSchema = z.number().int().min(0).max(23);

export const deliveredEntrySchema = z.object({
  type: z.literal('delivered'),
  at: z.number(),
  mantra: deliveredMantraSchema,
  /** Deadline: also the next send time if this one is missed. */
  deadline: z.number(),
  /** Local hour of `at`. */
  hour: hourSchema,
});
export const answeredEntrySchema = z.object({
  type: z.literal('answered'),
  at: z.number(),
  sentAt: z.number(),
  responseMs: z.number().min(0),
  channel: channelSchema,
  theme: z.string(),
  template: z.string(),
  similarity: z.number().min(0).max(1),
  points: z.number().int().min(0),
  streak: z.number().int().min(1),
  /** Local hour of the answer: the hour learned as available. */
  hour: hourSchema,
  /** Local hours from the send hour (or the return from a snooze) up to, not including, the answer hour; hours wholly inside quiet hours left out. */
  missedHours: z.array(hourSchema),
  /** Frequency after this answer. */
  frequency: z.number(),
  next: z.number(),
  /** Answered inside quiet hours: counted, but nothing learned (quiet time is never judged). */
  quiet: z.boolean().optional(),
  /** Time zone the hours were read in; older logs lack it (replay reads the offset from `hour`). */
  timeZone: z.string().optional(),
});
export const timedOutEntrySchema = z.object({
  type: z.literal('timedOut'),
  at: z.number(),
  sentAt: z.number(),
  theme: z.string(),
  template: z.string(),
  /** Local hours of the whole window, each once, leaving out hours wholly inside quiet hours. */
  missedHours: z.array(hourSchema),
  frequency: z.number(),
  failures: z.number().int().min(1),
  /** Null when this timeout turned delivery off. */
  next: z.number().nullable(),
  /** Time zone the hours were read in; older logs lack it (replay reads the offset from `missedHours`). */
  timeZone: z.string().optional(),
});
export const skippedEntrySchema = z.object({ type: z.literal('skipped'), at: z.number(), sentAt: z.number().nullable(), next: z.number() });

export const logEntrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('enrolled'), at: z.number(), next: z.number() }),
  z.object({ type: z.literal('unenrolled'), at: z.number() }),
  deliveredEntrySchema,
  answeredEntrySchema,
  timedOutEntrySchema,
  skippedEntrySchema,
  z.object({ type: z.literal('paused'), at: z.number(), until: z.number().nullable() }),
  z.object({ type: z.literal('resumed'), at: z.number(), next: z.number() }),
  z.object({ type: z.literal('rescheduled'), at: z.number(), next: z.number(), reason: z.string() }),
  /** The out mantra is hidden until `until`, its deadline moved to `deadline`; not a miss, nothing learned. */
  z.object({ type: z.literal('snoozed'), at: z.number(), minutes: z.number().int().min(1), until: z.number(), deadline: z.number() }),
  /** A snoozed mantra is shown again (the same one, with its moved deadline). */
  z.object({ type: z.literal('resurfaced'), at: z.number() }),
]);
export type LogEntry = z.infer<typeof logEntrySchema>;
export type LogEntryOf<T extends LogEntry['type']> = Extract<LogEntry, { type: T }>;
