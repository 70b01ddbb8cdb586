/**
 * Power and session signals. Timers do not run while the machine sleeps, so on suspend and
 * resume, lock and unlock the engine re-arms from wall-clock time (a delivery slept through
 * arrives once, not in a burst); unlocking or becoming active also tells the presence gate.
 */
import { powerMonitor } from 'electron';

export type PowerEvent = 'suspend' | 'resume' | 'lock-screen' | 'unlock-screen' | 'user-did-become-active' | 'shutdown';

export interface PowerReactions {
  rearm(reason: string): void;
  /** The user may be back at the computer. */
  userActive(): void;
  /** The OS is shutting down: store what must be stored, now. */
  shutdown(): void;
}

/** What each signal means; pure, so the table is tested as data. */
export function reactTo(event: PowerEvent, r: PowerReactions): void {
  switch (event) {
    case 'suspend':
    case 'resume':
    case 'lock-screen':
      r.rearm(event);
      return;
    case 'unlock-screen':
      r.userActive();
      r.rearm(event);
      return;
    case 'user-did-become-active':
      r.userActive();
      return;
    case 'shutdown':
      r.shutdown();
      return;
  }
}

const EVENTS: readonly PowerEvent[] = ['suspend', 'resume', 'lock-screen', 'unlock-screen', 'user-did-become-active', 'shutdown'];

/** Listens to powerMonitor; returns the function that stops listening. */
export function watchPower(r: PowerReactions): () => void {
  // powerMonitor's overloads take one event name each; all of ours take a no-argument listener.
  type Subscribe = (event: PowerEvent, listener: () => void) => unknown;
  const on = powerMonitor.on.bind(powerMonitor) as Subscribe;
  const off = powerMonitor.removeListener.bind(powerMonitor) as Subscribe;
  const listeners = EVENTS.map((event) => {
    const listener = (): void => reactTo(event, r);
    on(event, listener);
    return [event, listener] as const;
  });
  return () => {
    for (const [event, listener] of listeners) off(event, listener);
  };
}

/** powerMonitor.getSystemIdleState, for the presence gate. */
export function systemIdleState(thresholdSeconds: number): 'active' | 'idle' | 'locked' | 'unknown' {
  return powerMonitor.getSystemIdleState(thresholdSeconds);
}
