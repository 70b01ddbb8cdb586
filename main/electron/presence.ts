/**
 * "Only deliver while I am at the computer". While the system has been idle past the
 * profile's threshold (or the screen is locked), a due delivery waits until the user is
 * back. With the Discord mirror on, the delivery goes out at once (the DM reaches the user
 * wherever they are) and only the desktop channels wait for their return.
 *
 * The gate is `DeliveryGate.holds`. Until the engine consults a gate itself, it is applied
 * through the engine's Clock port (`gatedClock`): a timer that fires for a due delivery while
 * the gate holds is parked and fired when the user is back.
 */
import type { Snapshot } from '../../shared/api.js';
import type { ProfileSettings } from '../../shared/settings.js';
import type { Clock } from '../clock.js';
import type { DeliveryChannel } from '../engine-ports.js';
import { errorText, type Logger } from '../logger.js';

export type IdleState = 'active' | 'idle' | 'locked' | 'unknown';

/** The hook proposed for the engine: consulted before a scheduled (not a "deliver now") delivery. */
export interface DeliveryGate {
  /** True: do not deliver now; the gate re-arms the engine when it lets go. */
  holds(profileId: string, settings: ProfileSettings, now: number): boolean;
}

export interface PresenceOptions {
  /** The desktop profile now (settings, status, Discord). */
  readonly profile: () => Snapshot;
  /** powerMonitor.getSystemIdleState */
  readonly idleState: (thresholdSeconds: number) => IdleState;
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
export function mirrorIsOn(snapshot: Snapshot): boolean {
  return snapshot.discord.connection === 'connected' || snapshot.discord.connection === 'connecting' || snapshot.discord.connection === 'reconnecting';
}

export class PresenceGate implements DeliveryGate {
  private readonly waiting = new Set<() => void>();
  private stopPolling: (() => void) | null = null;

  constructor(private readonly options: PresenceOptions) {}

  /** The user is away by this profile's settings (always false when the option is off). */
  away(settings: ProfileSettings = this.options.profile().settings): boolean {
    if (!settings.onlyWhenPresent) return false;
    const state = this.options.idleState(settings.idleThresholdMinutes * 60);
    return state === 'idle' || state === 'locked';
  }

  holds(_profileId: string, settings: ProfileSettings): boolean {
    return this.away(settings) && !mirrorIsOn(this.options.profile());
  }

  /** A delivery is due right now and the gate holds it. */
  holdsDueDelivery(now: number): boolean {
    const snapshot = this.options.profile();
    const due = snapshot.status.kind === 'waiting' && snapshot.status.nextAt <= now;
    return due && this.holds(snapshot.profileId, snapshot.settings);
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

  isWaiting(): boolean {
    return this.waiting.size > 0;
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

  /** A re-arm that would deliver what the gate holds waits too (the gate re-arms on return). */
  guardRearm(rearm: (reason: string) => void): (reason: string) => void {
    return (reason) => {
      this.check();
      if (this.isWaiting() && this.away()) this.options.logger.info(`re-arm (${reason}) deferred: a delivery waits for the user`);
      else rearm(reason);
    };
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

/** The engine's clock, with timers that find a held delivery due parked until the user is back. */
export function gatedClock(inner: Clock, gate: PresenceGate): Clock {
  return {
    now: () => inner.now(),
    setTimer(at, fn) {
      let cancelWait: (() => void) | null = null;
      const cancelTimer = inner.setTimer(at, () => {
        if (gate.holdsDueDelivery(inner.now())) cancelWait = gate.whenBack(fn);
        else fn();
      });
      return () => {
        cancelTimer();
        cancelWait?.();
      };
    },
  };
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
    async deliver(profileId, mantra, deadline) {
      release(profileId);
      if (!gate.away()) return channel.deliver(profileId, mantra, deadline);
      const cancel = gate.whenBack(() => {
        held.delete(profileId);
        if (now() < deadline) channel.deliver(profileId, mantra, deadline).catch((e: unknown) => logger.warn(`channel "${channel.name}" failed to deliver: ${errorText(e)}`));
      });
      held.set(profileId, cancel);
    },
    async settle(profileId, mantra, outcome, answeredOn) {
      release(profileId);
      await channel.settle?.(profileId, mantra, outcome, answeredOn);
    },
  };
  if (channel.enabledFor) wrapped.enabledFor = channel.enabledFor.bind(channel);
  if (channel.answerResult) wrapped.answerResult = channel.answerResult.bind(channel);
  if (channel.offerDisable) wrapped.offerDisable = channel.offerDisable.bind(channel);
  if (channel.disabled) wrapped.disabled = channel.disabled.bind(channel);
  return wrapped;
}
