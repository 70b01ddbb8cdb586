/**
 * Do-not-disturb: where the desktop says notifications are silenced, a mantra that falls
 * due waits (like the presence gate: no timer, not a miss) and goes out when they are on
 * again. Linux only: the notification server's own state, dunst (`dunstctl is-paused`),
 * else GNOME (`gsettings get org.gnome.desktop.notifications show-banners`). macOS Focus
 * and Windows Focus assist offer no public query to a third-party app, so there it never
 * holds (docs/desktop.md).
 */
import { execFile } from 'node:child_process';
import type { DeliveryGate, GateContext } from '../engine/ports.js';
import type { Logger } from '../logger.js';

export type DndState = 'silenced' | 'open' | 'unknown';

/** Runs a program and resolves with its standard output; rejects when it cannot run or fails. */
export type Run = (file: string, args: readonly string[]) => Promise<string>;

export function runWith(env: NodeJS.ProcessEnv = process.env): Run {
  return (file, args) =>
    new Promise((resolve, reject) => {
      execFile(file, [...args], { env, timeout: 3000 }, (error, stdout) => (error ? reject(error) : resolve(String(stdout))));
    });
}

/** Reads the desktop's do-not-disturb state: dunst first, then GNOME; 'unknown' when neither answers. */
export async function readLinuxDnd(run: Run = runWith()): Promise<DndState> {
  try {
    const out = (await run('dunstctl', ['is-paused'])).trim();
    if (out === 'true') return 'silenced';
    if (out === 'false') return 'open';
  } catch {
    // No dunst running (or no dunstctl): ask GNOME.
  }
  try {
    const out = (await run('gsettings', ['get', 'org.gnome.desktop.notifications', 'show-banners'])).trim();
    if (out === 'false') return 'silenced';
    if (out === 'true') return 'open';
  } catch {
    // No GNOME settings either.
  }
  return 'unknown';
}

export interface DndGateOptions {
  readonly read: () => Promise<DndState>;
  /** Wakes the engine when notifications are on again after a delivery was held. */
  readonly rearm: (reason: string) => void;
  readonly logger: Logger;
  /** How often the state is read again (the engine asks synchronously, so the gate answers from the last reading). */
  readonly pollMs?: number;
  /** Whether a DM would reach the user instead (the mirror is on): then nothing is held, as with the presence gate. */
  readonly mirrorIsOn?: (context: GateContext) => boolean;
}

export class DndGate implements DeliveryGate {
  private state: DndState = 'unknown';
  private held = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private reading: Promise<void> | null = null;

  constructor(private readonly options: DndGateOptions) {}

  /** Reads the state once now, then every pollMs. */
  async start(): Promise<void> {
    await this.refresh();
    this.timer ??= setInterval(() => void this.refresh(), this.options.pollMs ?? 15_000);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  get current(): DndState {
    return this.state;
  }

  /** Reads the state again; when it is on after a held delivery, wakes the engine. */
  refresh(): Promise<void> {
    this.reading ??= this.options
      .read()
      .catch((): DndState => 'unknown')
      .then((state) => {
        const was = this.state;
        this.state = state;
        if (was !== state) this.options.logger.info(`do-not-disturb: ${state}`, { kind: 'dnd', state });
        if (this.held && state !== 'silenced') {
          this.held = false;
          this.options.rearm('do-not-disturb ended');
        }
      })
      .finally(() => {
        this.reading = null;
      });
    return this.reading;
  }

  holds(context: GateContext): boolean {
    if (this.state !== 'silenced' || this.options.mirrorIsOn?.(context)) return false;
    if (!this.held) this.options.logger.info('delivery held: notifications are silenced (do-not-disturb)');
    this.held = true;
    return true;
  }
}

/** Holds when any of the gates holds (each queues its own wake-up). */
export function anyGate(...gates: readonly DeliveryGate[]): DeliveryGate {
  return { holds: (context) => gates.map((g) => g.holds(context)).some(Boolean) };
}
