/**
 * What the engine talks to besides the store: delivery channels (notification, answer
 * window, Discord), the delivery gate and the Discord mirror's controls. Implementations live elsewhere.
 */
import { said } from '../../shared/discord-status.js';
import type { DiscordConfigInput, DiscordStatus } from '../../shared/api.js';
import type { AnswerVerdict } from '../../shared/encounter.js';
import type { Channel, DeliveredMantra, LocalePreferences, ProfileSettings } from '../../shared/settings.js';

/** 'snoozed': the mantra is hidden for now and comes back with the same text and a later deadline. */
export type SettleOutcome = 'answered' | 'timedOut' | 'skipped' | 'snoozed';

/**
 * What every channel call carries about its profile, taken when the engine performed the
 * effect: no channel needs to ask the engine for anything.
 */
export interface ChannelContext {
  readonly profileId: string;
  /** When the engine performed the effect (epoch ms). */
  readonly at: number;
  /** The profile's zone, resolved (the system's when the profile has none). */
  readonly timeZone: string;
  readonly locale: LocalePreferences;
  readonly settings: ProfileSettings;
}

/** A mantra went out at `sentAt` (the log's send time); it can be answered until `deadline`. */
export interface Delivery extends ChannelContext {
  readonly mantra: DeliveredMantra;
  readonly sentAt: number;
  readonly deadline: number;
}

/** The mantra sent at `sentAt` is closed: answered (on `answeredOn`), timed out or skipped. */
export interface Settlement extends ChannelContext {
  readonly mantra: DeliveredMantra;
  readonly sentAt: number;
  readonly outcome: SettleOutcome;
  readonly answeredOn?: Channel;
}

/** The verdict on an answer typed on `answeredOn` (accepted or not). */
export interface AnswerReport extends ChannelContext {
  readonly verdict: AnswerVerdict;
  readonly answeredOn: Channel;
}

/** Several misses in a row: offer to pause or turn delivery off. */
export interface DisableOffer extends ChannelContext {
  readonly failures: number;
}

/** Delivery turned itself off after too many misses. */
export interface Disabling extends ChannelContext {
  readonly reason: 'failures';
}

/**
 * A way a mantra reaches the user. Every call may be slow or fail: the engine never waits
 * for a channel, calls each channel in order on its own queue, and logs a failure.
 */
export interface DeliveryChannel {
  readonly name: string;
  /** Whether the channel takes part for this profile (e.g. settings.notifications); default yes. */
  enabledFor?(context: ChannelContext): boolean;
  deliver(delivery: Delivery): Promise<void>;
  settle?(settlement: Settlement): Promise<void>;
  answerResult?(report: AnswerReport): Promise<void>;
  offerDisable?(offer: DisableOffer): Promise<void>;
  disabled?(disabling: Disabling): Promise<void>;
}

/** What the gate is told when a mantra would go out: the profile, and whether a DM would reach the user away from the desk. */
export interface GateContext extends ChannelContext {
  readonly discord: DiscordStatus;
}

/**
 * Decides whether a mantra may go out now ("only deliver while I am at the computer").
 * Consulted when a send time has come or a deadline passed (the timeout itself always
 * happens), never by "deliver now". While it holds, the mantra waits with no timer armed:
 * the gate calls `engine.rearm()` when it lets go.
 */
export interface DeliveryGate {
  holds(context: GateContext): boolean;
}

/** The Discord mirror as the API and `doctor` see it. */
export interface DiscordControl {
  status(): DiscordStatus;
  configure(input: DiscordConfigInput): Promise<DiscordStatus>;
  sendTestDm(): Promise<DiscordStatus>;
}

const UNAVAILABLE: DiscordStatus = Object.freeze({
  connection: 'off',
  ...said('unavailable'),
  userId: null,
  hasToken: false,
  tokenStorage: 'none',
  apiBase: null,
  enabled: false,
});

/** The stand-in until a Discord mirror is plugged in. */
export const discordUnavailable: DiscordControl = Object.freeze({
  status: () => UNAVAILABLE,
  configure: async () => UNAVAILABLE,
  sendTestDm: async () => UNAVAILABLE,
});
