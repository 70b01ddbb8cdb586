/**
 * What the mirror remembers across restarts: which DM carries each profile's open mantra
 * (so a settle edits it instead of sending anything new), recent deliveries (for the
 * favorite button) and the non-secret settings. The token is never written here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { difficultySchema } from '../../../shared/settings.js';
import { errorText } from '../../logger.js';
import { writeFileAtomically } from '../../store/atomic-file.js';
import { snowflakeSchema } from './inbound.js';

export const LEDGER_FILE = 'discord.json';
/** Deliveries kept for favorite buttons, newest last. */
const RECENT_MAX = 200;

export const deliveryRecordSchema = z.object({
  profileId: z.string().min(1),
  userId: snowflakeSchema,
  channelId: snowflakeSchema,
  messageId: snowflakeSchema,
  template: z.string(),
  text: z.string(),
  difficulty: difficultySchema,
  basePoints: z.number().int().min(0),
  deadline: z.number(),
  sentAt: z.number(),
});
export type DeliveryRecord = z.infer<typeof deliveryRecordSchema>;

export const mirrorConfigSchema = z.object({
  userId: snowflakeSchema.nullable().default(null),
  apiBase: z.string().nullable().default(null),
  enabled: z.boolean().default(true),
});
export type MirrorConfig = z.infer<typeof mirrorConfigSchema>;

const ledgerSchema = z.object({
  version: z.literal(1),
  config: mirrorConfigSchema.default({ userId: null, apiBase: null, enabled: true }),
  /** The DM of the mantra still out, per profile. */
  open: z.record(z.string(), deliveryRecordSchema).default({}),
  recent: z.array(deliveryRecordSchema).default([]),
});
type LedgerData = z.infer<typeof ledgerSchema>;

const empty = (): LedgerData => ({ version: 1, config: { userId: null, apiBase: null, enabled: true }, open: {}, recent: [] });

export class DmLedger {
  private data: LedgerData;

  /** `file` null: memory only. An unreadable file starts empty (it is a cache of DM ids, nothing more). */
  constructor(
    private readonly file: string | null,
    private readonly onProblem: (message: string) => void = () => undefined,
  ) {
    this.data = empty();
    if (file && existsSync(file)) {
      try {
        const r = ledgerSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
        if (r.success) this.data = r.data;
        else onProblem(`${file} is not a Discord ledger; starting afresh`);
      } catch (e) {
        onProblem(`${file} is unreadable (${errorText(e)}); starting afresh`);
      }
    }
  }

  get config(): MirrorConfig {
    return this.data.config;
  }

  setConfig(config: MirrorConfig): void {
    this.data.config = config;
    this.save();
  }

  open(profileId: string): DeliveryRecord | undefined {
    return this.data.open[profileId];
  }

  openRecords(): DeliveryRecord[] {
    return Object.values(this.data.open);
  }

  /** A new delivery DM went out: it is now the profile's open one. */
  opened(record: DeliveryRecord): void {
    this.data.open[record.profileId] = record;
    this.data.recent = [...this.data.recent.filter((r) => r.messageId !== record.messageId), record].slice(-RECENT_MAX);
    this.save();
  }

  /** The profile's open DM was edited to its outcome (or is gone). */
  closed(profileId: string, messageId: string): void {
    if (this.data.open[profileId]?.messageId !== messageId) return;
    delete this.data.open[profileId];
    this.save();
  }

  byMessage(messageId: string): DeliveryRecord | undefined {
    return this.data.recent.find((r) => r.messageId === messageId) ?? Object.values(this.data.open).find((r) => r.messageId === messageId);
  }

  private save(): void {
    if (!this.file) return;
    try {
      writeFileAtomically(this.file, JSON.stringify(this.data, null, 2), { mkdir: true });
    } catch (e) {
      // Memory still holds it; a restart may then send nothing for the open mantra, which is safe.
      this.onProblem(`saving ${this.file} failed: ${errorText(e)}`);
    }
  }
}
