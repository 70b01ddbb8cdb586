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
import type { Wording } from '../../../shared/i18n/format.js';
import { deliveryText, disabledText, discordWording, offerText, profileWording, settledText } from './wording.js';
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
  /** With enforce_nonce, Discord answers a second post of the same nonce (within minutes) with the first message. */
  nonce?: string;
  enforce_nonce?: boolean;
}

/**
 * The nonce of a delivery DM: the same for every attempt to post one encounter, so a post
 * whose answer was lost (a crash before the ledger recorded it, a timeout) is not doubled.
 */
export function deliveryNonce(profileId: string, sentAt: number, deadline: number, template: string): string {
  // The deadline too (a snoozed mantra comes back with the same send time in a new DM), and the mantra.
  let h = 0x811c9dc5;
  for (const ch of `${profileId}:${deadline}:${template}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return `m${sentAt.toString(36)}${h.toString(36)}`.slice(0, 25);
}

/** What tells one encounter's DM from another's (its nonce is made of the same): when it was sent, its deadline, its template. */
interface EncounterKey {
  readonly sentAt: number;
  readonly deadline: number;
  readonly template: string;
}

const encounterOf = (x: { readonly sentAt: number; readonly deadline: number; readonly mantra: { readonly template: string } }): EncounterKey => ({
  sentAt: x.sentAt,
  deadline: x.deadline,
  template: x.mantra.template,
});

const sameEncounter = (a: EncounterKey | null | undefined, b: EncounterKey): boolean => !!a && a.sentAt === b.sentAt && a.deadline === b.deadline && a.template === b.template;

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

  /** Edits a delivery DM to its outcome; a DM deleted meanwhile just leaves the ledger. A DM tidied after a restart has no delivery context, so it speaks the profile's words. */
  private async close(rest: REST, record: DeliveryRecord, outcome: SettleOutcome | 'closed', answeredOn?: Channel, w: Wording = profileWording(this.deps.engine, record.profileId)): Promise<void> {
    try {
      await rest.patch(Routes.channelMessage(record.channelId, record.messageId), { body: { content: settledText(record, outcome, answeredOn, w), components: [] } });
    } catch (e) {
      if (!isGone(e)) throw e;
    }
    this.deps.ledger.closed(record.profileId, record.messageId);
  }

  /** The delivery's own send time goes into the ledger: it identifies the encounter (stats, reconcile) however late this runs. */
  deliver(delivery: Delivery): Promise<void> {
    const userId = this.deps.audience.userFor(delivery.profileId);
    if (!userId) return Promise.resolve();
    return this.run(delivery.profileId, 'sending the mantra DM', userId, (rest) => this.postDelivery(rest, userId, delivery));
  }

  private async postDelivery(rest: REST, userId: string, delivery: Delivery): Promise<void> {
    const { profileId, mantra, deadline, sentAt, timeZone } = delivery;
    // Already DMed (a catch-up got there first): once is enough.
    const open = this.deps.ledger.open(profileId);
    if (sameEncounter(open, encounterOf(delivery))) return;
    // A DM left open (its settle was lost while Discord was unreachable) is closed, never resent.
    const w = discordWording(delivery.locale);
    if (open) await this.close(rest, open, 'closed', undefined, w);
    const channelId = await this.dmChannel(rest, userId);
    const message = await this.post(rest, channelId, {
      content: deliveryText(mantra, deadline, timeZone, this.deps.now(), w),
      components: snoozeRow(w),
      nonce: deliveryNonce(profileId, sentAt, deadline, mantra.template),
      enforce_nonce: true,
    });
    this.deps.ledger.opened({
      profileId,
      userId,
      channelId,
      messageId: message.id,
      template: mantra.template,
      text: mantra.text,
      difficulty: mantra.difficulty,
      basePoints: mantra.basePoints,
      deadline,
      sentAt,
    });
  }

  /** Closes the DM of the encounter sent at `sentAt`; a DM of another encounter is left alone. */
  settle(settlement: Settlement): Promise<void> {
    const { profileId, mantra, sentAt, outcome, answeredOn } = settlement;
    const userId = this.deps.audience.userFor(profileId);
    return this.run(profileId, 'editing the mantra DM', userId, async (rest) => {
      const record = this.deps.ledger.open(profileId);
      if (!record || record.sentAt !== sentAt || record.template !== mantra.template) return;
      await this.close(rest, record, outcome, answeredOn, discordWording(settlement.locale));
    });
  }

  offerDisable(offer: DisableOffer): Promise<void> {
    return this.send(offer.profileId, 'offering a pause', { content: offerText(offer.failures, discordWording(offer.locale)), components: offerRow(discordWording(offer.locale)) });
  }

  disabled(disabling: Disabling): Promise<void> {
    return this.send(disabling.profileId, 'saying mantras are off', { content: disabledText(discordWording(disabling.locale)) });
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

  /**
   * After a (re)start or an outage: a mantra still open whose DM never went out (Discord was
   * unreachable when it was delivered) is DMed now, once: the ledger and the nonce see to that.
   */
  catchUpDeliveries(profileIds: readonly string[], context: (profileId: string) => Omit<Delivery, 'mantra' | 'sentAt' | 'deadline'> | null): Promise<void> {
    const work = profileIds.flatMap((profileId) => {
      if (!this.deps.engine.hasProfile(profileId)) return [];
      const status = this.deps.engine.snapshot(profileId).status;
      const open = this.deps.ledger.open(profileId);
      if (status.kind !== 'pending' || sameEncounter(open, encounterOf(status))) return [];
      const base = context(profileId);
      const userId = this.deps.audience.userFor(profileId);
      if (!base || !userId) return [];
      const delivery: Delivery = { ...base, mantra: status.mantra, sentAt: status.sentAt, deadline: status.deadline };
      return [
        this.run(profileId, 'sending a mantra DM that Discord missed', userId, async (rest) => {
          // Checked again in the queue: the delivery's own DM may have gone out meanwhile.
          const now = this.deps.engine.snapshot(profileId).status;
          if (now.kind !== 'pending' || !sameEncounter(encounterOf(now), encounterOf(delivery))) return;
          await this.postDelivery(rest, userId, delivery);
        }),
      ];
    });
    return Promise.all(work).then(() => undefined);
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
