/**
 * Everything the bot sends: delivery DMs, their edits when the mantra closes, replies and
 * offers. Calls for one profile run in order (a settle waits for its delivery's DM id);
 * each resolves within `callTimeoutMs` whatever Discord does, and never rejects.
 */
import { Routes, type REST } from 'discord.js';
import type { Channel } from '../../../shared/settings.js';
import type { Delivery, DisableOffer, Disabling, SettleOutcome, Settlement } from '../../engine/ports.js';
import type { Audience } from './audience.js';
import type { MirrorEngine } from './engine-port.js';
import { isGone, withTimeout } from './faults.js';
import { dmChannelSchema, sentMessageSchema } from './inbound.js';
import type { DeliveryRecord, DmLedger } from './ledger.js';
import { deliveryText, disabledText, offerText, settledText } from './wording.js';
import { offerRow, snoozeRow } from './buttons.js';

export interface OutboxDeps {
  /** The REST client while a token is set and the mirror is on; null otherwise. */
  readonly rest: () => REST | null;
  readonly ledger: DmLedger;
  readonly engine: MirrorEngine;
  readonly audience: Audience;
  readonly now: () => number;
  readonly callTimeoutMs: number;
  /** Every call's outcome, for the status: null = it worked. */
  readonly outcome: (fault: unknown, userId: string | null) => void;
}

interface MessageBody {
  content: string;
  components?: unknown[];
  message_reference?: { message_id: string; fail_if_not_exists: false };
}

export class DmOutbox {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly dmChannels = new Map<string, string>();

  constructor(private readonly deps: OutboxDeps) {}

  /** Runs `work` after the profile's earlier calls; resolves when done or after the timeout. */
  private run(key: string, what: string, userId: string | null, work: (rest: REST) => Promise<void>): Promise<void> {
    const rest = this.deps.rest();
    if (!rest) return Promise.resolve();
    const chained = (this.queues.get(key) ?? Promise.resolve()).then(async () => {
      try {
        await work(rest);
        this.deps.outcome(null, userId);
      } catch (e) {
        this.deps.outcome(e, userId);
      }
    });
    this.queues.set(key, chained);
    void chained.then(() => {
      if (this.queues.get(key) === chained) this.queues.delete(key);
    });
    return withTimeout(chained, this.deps.callTimeoutMs, what).catch((e: unknown) => this.deps.outcome(e, userId));
  }

  /** Resolves once every queued call has finished. */
  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.all([...this.queues.values()]);
  }

  private async dmChannel(rest: REST, userId: string): Promise<string> {
    const known = this.dmChannels.get(userId);
    if (known) return known;
    const channel = dmChannelSchema.parse(await rest.post(Routes.userChannels(), { body: { recipient_id: userId } }));
    this.dmChannels.set(userId, channel.id);
    return channel.id;
  }

  private async post(rest: REST, channelId: string, body: MessageBody): Promise<{ id: string; channel_id: string }> {
    return sentMessageSchema.parse(await rest.post(Routes.channelMessages(channelId), { body: { ...body, allowed_mentions: { parse: [] } } }));
  }

  /** Edits a delivery DM to its outcome; a DM deleted meanwhile just leaves the ledger. */
  private async close(rest: REST, record: DeliveryRecord, outcome: SettleOutcome | 'closed', answeredOn?: Channel): Promise<void> {
    try {
      await rest.patch(Routes.channelMessage(record.channelId, record.messageId), { body: { content: settledText(record, outcome, answeredOn), components: [] } });
    } catch (e) {
      if (!isGone(e)) throw e;
    }
    this.deps.ledger.closed(record.profileId, record.messageId);
  }

  /** The delivery's own send time goes into the ledger: it identifies the encounter (stats, reconcile) however late this runs. */
  deliver(delivery: Delivery): Promise<void> {
    const { profileId, mantra, deadline, sentAt, timeZone } = delivery;
    const userId = this.deps.audience.userFor(profileId);
    if (!userId) return Promise.resolve();
    return this.run(profileId, 'sending the mantra DM', userId, async (rest) => {
      // A DM left open (its settle was lost while Discord was unreachable) is closed, never resent.
      const stale = this.deps.ledger.open(profileId);
      if (stale) await this.close(rest, stale, 'closed');
      const channelId = await this.dmChannel(rest, userId);
      const message = await this.post(rest, channelId, { content: deliveryText(mantra, deadline, timeZone, this.deps.now()), components: snoozeRow() });
      this.deps.ledger.opened({ profileId, userId, channelId, messageId: message.id, template: mantra.template, text: mantra.text, difficulty: mantra.difficulty, basePoints: mantra.basePoints, deadline, sentAt });
    });
  }

  /** Closes the DM of the encounter sent at `sentAt`; a DM of another encounter is left alone. */
  settle(settlement: Settlement): Promise<void> {
    const { profileId, mantra, sentAt, outcome, answeredOn } = settlement;
    const userId = this.deps.audience.userFor(profileId);
    return this.run(profileId, 'editing the mantra DM', userId, async (rest) => {
      const record = this.deps.ledger.open(profileId);
      if (!record || record.sentAt !== sentAt || record.template !== mantra.template) return;
      await this.close(rest, record, outcome, answeredOn);
    });
  }

  offerDisable(offer: DisableOffer): Promise<void> {
    return this.send(offer.profileId, 'offering a pause', { content: offerText(offer.failures), components: offerRow() });
  }

  disabled(disabling: Disabling): Promise<void> {
    return this.send(disabling.profileId, 'saying mantras are off', { content: disabledText() });
  }

  /** A message to the profile's user in their DM. */
  send(profileId: string, what: string, body: MessageBody): Promise<void> {
    const userId = this.deps.audience.userFor(profileId);
    if (!userId) return Promise.resolve();
    return this.run(profileId, what, userId, async (rest) => {
      await this.post(rest, await this.dmChannel(rest, userId), body);
    });
  }

  /** A reply to a message the user wrote in `channelId`. */
  reply(profileId: string, userId: string, channelId: string, messageId: string, body: MessageBody): Promise<void> {
    return this.run(profileId, 'replying', userId, async (rest) => {
      this.dmChannels.set(userId, channelId);
      await this.post(rest, channelId, { ...body, message_reference: { message_id: messageId, fail_if_not_exists: false } });
    });
  }

  /** After a (re)start: DMs whose mantra closed while the bot was away are edited to say how; nothing is resent. */
  reconcile(): Promise<void> {
    const work = this.deps.ledger.openRecords().map((record) =>
      this.run(record.profileId, 'tidying an old mantra DM', record.userId, async (rest) => {
        const { engine } = this.deps;
        if (this.deps.audience.userFor(record.profileId) !== record.userId || !engine.hasProfile(record.profileId)) {
          this.deps.ledger.closed(record.profileId, record.messageId);
          return;
        }
        const status = engine.snapshot(record.profileId).status;
        if (status.kind === 'pending' && status.sentAt === record.sentAt && status.mantra.text === record.text) return;
        const encounter = engine.stats(record.profileId).recent.find((r) => r.sentAt === record.sentAt && r.text === record.text);
        const outcome = encounter && encounter.outcome !== 'pending' ? encounter.outcome : 'closed';
        await this.close(rest, record, outcome, encounter?.channel ?? undefined);
      }),
    );
    return Promise.all(work).then(() => undefined);
  }
}
