/**
 * "Only deliver while I am at the computer". While the system has been idle past the
 * profile's threshold (or the screen is locked), a due delivery waits until the user is
 * back. With the Discord mirror on, the delivery goes out at once (the DM reaches the user
 * wherever they are) and only the desktop channels wait for their return.
 *
 * `PresenceGate` is the engine's `DeliveryGate`: the engine asks it whenever a mantra would
 * go out (timer, re-arm, launch); a held delivery has no timer, so the gate re-arms the
 * engine when the user is back.
 */
import type { DiscordStatus } from '../../../shared/api.js';
import { defaultProfileSettings, type ProfileSettings } from '../../../shared/settings.js';
import type { DeliveryChannel, DeliveryGate, GateContext } from '../../engine/ports.js';
import { errorText, type Logger } from '../../logger.js';

export type IdleState = 'active' | 'idle' | 'locked' | 'unknown';

export interface PresenceOptions {
  /** powerMonitor.getSystemIdleState */
  readonly idleState: (thresholdSeconds: number) => IdleState;
  /** `engine.rearm`: called once the user is back after the gate held a delivery. */
  readonly rearm: (reason: string) => void;
  readonly logger: Logger;
  /** How often to look whether the user is back while something waits. */
  readonly pollMs?: number;
  readonly every?: (ms: number, fn: () => void) => () => void;
}

export const PRESENCE_POLL_MS = 15_000;

const everyDefault = (ms: number, fn: () => void): (() => void) => {
  const handle = setInterval(fn, ms);
  return () => clearInterval(handle);
};

/** Connected or on its way: a DM will reach the user away from the desk. */
export function mirrorIsOn(discord: Pick<DiscordStatus, 'connection'>): boolean {
  return discord.connection === 'connected' || discord.connection === 'connecting' || discord.connection === 'reconnecting';
}

export class PresenceGate implements DeliveryGate {
  private readonly waiting = new Set<() => void>();
  private stopPolling: (() => void) | null = null;
  /** Cancels the re-arm queued for the delivery the engine was told to hold. */
  private heldDelivery: (() => void) | null = null;
  /** The settings the engine last told the gate about (with a mantra, a hold question or a snapshot event). */
  private settings: ProfileSettings = defaultProfileSettings();

  constructor(private readonly options: PresenceOptions) {}

  /** Keeps the profile's settings the gate goes by when it looks again (the host feeds it snapshot events). */
  observe(settings: ProfileSettings): void {
    this.settings = settings;
  }

  /** The user is away by these settings, by default the last ones seen (always false when the option is off). */
  away(settings: ProfileSettings = this.settings): boolean {
    this.settings = settings;
    if (!settings.onlyWhenPresent) return false;
    const state = this.options.idleState(settings.idleThresholdMinutes * 60);
    return state === 'idle' || state === 'locked';
  }

  /** Asked by the engine before a mantra goes out; holding queues one re-arm for the user's return. */
  holds(context: GateContext): boolean {
    if (!this.away(context.settings) || mirrorIsOn(context.discord)) return false;
    if (!this.heldDelivery) {
      this.options.logger.info('delivery held: the user is away');
      this.heldDelivery = this.whenBack(() => {
        this.heldDelivery = null;
        this.options.rearm('user back');
      });
    }
    return true;
  }

  /** Runs `fn` once the user is back; returns the cancel function. */
  whenBack(fn: () => void): () => void {
    this.waiting.add(fn);
    this.startPolling();
    return () => {
      this.waiting.delete(fn);
      if (this.waiting.size === 0) this.stopPolling?.();
    };
  }

  /** Looks now (unlock, user became active, poll): when the user is back, lets everything waiting go. */
  check(): void {
    if (this.waiting.size === 0 || this.away()) return;
    this.stopPolling?.();
    const due = [...this.waiting];
    this.waiting.clear();
    this.options.logger.info(`user is back: ${due.length} held delivery step(s) released`);
    for (const fn of due) {
      try {
        fn();
      } catch (e) {
        this.options.logger.warn(`held delivery failed: ${errorText(e)}`);
      }
    }
  }

  /** Forgets everything waiting and stops looking (the app quits). */
  stop(): void {
    this.waiting.clear();
    this.heldDelivery = null;
    this.stopPolling?.();
  }

  private startPolling(): void {
    if (this.stopPolling) return;
    const stop = (this.options.every ?? everyDefault)(this.options.pollMs ?? PRESENCE_POLL_MS, () => this.check());
    this.stopPolling = () => {
      stop();
      this.stopPolling = null;
    };
  }
}

/**
 * A desktop channel whose deliveries wait while the user is away (the mirror-on case). A
 * mantra settled or past its deadline before the user returns is not shown at all.
 */
export function heldWhileAway(channel: DeliveryChannel, gate: PresenceGate, now: () => number, logger: Logger): DeliveryChannel {
  const held = new Map<string, () => void>();
  const release = (profileId: string): void => {
    held.get(profileId)?.();
    held.delete(profileId);
  };
  const wrapped: DeliveryChannel = {
    name: channel.name,
    async deliver(delivery) {
      const { profileId, deadline } = delivery;
      release(profileId);
      if (!gate.away(delivery.settings)) return channel.deliver(delivery);
      const cancel = gate.whenBack(() => {
        held.delete(profileId);
        // Shown later than performed: "today"/"tomorrow" is worded from the moment it is shown.
        const at = now();
        if (at < deadline)
          channel
            .deliver({ ...delivery, at })
            .catch((e: unknown) => logger.warn(`channel "${channel.name}" failed to deliver: ${errorText(e)}`, { kind: 'channelFailed', channel: channel.name, error: errorText(e) }));
      });
      held.set(profileId, cancel);
    },
    async settle(settlement) {
      release(settlement.profileId);
      await channel.settle?.(settlement);
    },
  };
  if (channel.enabledFor) wrapped.enabledFor = channel.enabledFor.bind(channel);
  if (channel.answerResult) wrapped.answerResult = channel.answerResult.bind(channel);
  if (channel.offerDisable) wrapped.offerDisable = channel.offerDisable.bind(channel);
  if (channel.disabled) wrapped.disabled = channel.disabled.bind(channel);
  return wrapped;
}
