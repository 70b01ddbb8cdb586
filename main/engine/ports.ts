/**
 * What the engine talks to besides the store: delivery channels (notification, answer
 * window, Discord), the delivery gate and the Discord mirror's controls. Implementations live elsewhere.
 */
import type { DiscordConfigInput, DiscordStatus } from '../../shared/api.js';
import type { AnswerVerdict } from '../../shared/encounter.js';
import type { Channel, DeliveredMantra, ProfileSettings } from '../../shared/settings.js';

/** 'snoozed': the mantra is hidden for now and comes back with the same text and a later deadline. */
export type SettleOutcome = 'answered' | 'timedOut' | 'skipped' | 'snoozed';

/**
 * A way a mantra reaches the user. Every call may be slow or fail: the engine never waits
 * for a channel, calls each channel in order on its own queue, and logs a failure.
 */
export interface DeliveryChannel {
  readonly name: string;
  /** Whether the channel takes part for this profile (e.g. settings.notifications); default yes. */
  enabledFor?(settings: ProfileSettings, profileId: string): boolean;
  /** A mantra went out; it can be answered until `deadline` (epoch ms). */
  deliver(profileId: string, mantra: DeliveredMantra, deadline: number): Promise<void>;
  /** The mantra is closed: answered (on `answeredOn`), timed out or skipped. */
  settle?(profileId: string, mantra: DeliveredMantra, outcome: SettleOutcome, answeredOn?: Channel): Promise<void>;
  /** The verdict on an answer typed on `answeredOn` (accepted or not). */
  answerResult?(profileId: string, verdict: AnswerVerdict, answeredOn: Channel): Promise<void>;
  /** Several misses in a row: offer to pause or turn delivery off. */
  offerDisable?(profileId: string, failures: number): Promise<void>;
  /** Delivery turned itself off after too many misses. */
  disabled?(profileId: string, reason: 'failures'): Promise<void>;
}

/**
 * Decides whether a mantra may go out now ("only deliver while I am at the computer").
 * Consulted when a send time has come or a deadline passed (the timeout itself always
 * happens), never by "deliver now". While it holds, the mantra waits with no timer armed:
 * the gate calls `engine.rearm()` when it lets go.
 */
export interface DeliveryGate {
  holds(profileId: string, settings: ProfileSettings, now: number): boolean;
}

/** The Discord mirror as the API and `doctor` see it. */
export interface DiscordControl {
  status(): DiscordStatus;
  configure(input: DiscordConfigInput): Promise<DiscordStatus>;
  sendTestDm(): Promise<DiscordStatus>;
}

const UNAVAILABLE: DiscordStatus = Object.freeze({
  connection: 'off',
  detail: 'Discord mirror not available in this build',
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
