/** Hands effects to channels: one queue per channel, so a slow or failing channel holds up only itself. */
import type { ChannelContext, DeliveryChannel } from './ports.js';
import { errorText, type Logger } from '../logger.js';

export class ChannelDispatch {
  private readonly channels = new Map<string, { channel: DeliveryChannel; queue: Promise<void> }>();

  constructor(private readonly logger: Logger) {}

  /** Adds (or replaces, by name) a channel; returns its removal. */
  add(channel: DeliveryChannel): () => void {
    const slot = { channel, queue: Promise.resolve() };
    this.channels.set(channel.name, slot);
    return () => {
      if (this.channels.get(channel.name) === slot) this.channels.delete(channel.name);
    };
  }

  names(): string[] {
    return [...this.channels.keys()];
  }

  /**
   * Queues `call` on every channel enabled for the profile. `what` names the call in a
   * failure message; a channel without the optional method is passed over.
   */
  send(context: ChannelContext, what: string, call: (channel: DeliveryChannel) => Promise<void> | undefined): void {
    const { profileId } = context;
    for (const slot of this.channels.values()) {
      const { channel } = slot;
      let enabled: boolean;
      try {
        enabled = channel.enabledFor?.(context) ?? true;
      } catch (e) {
        this.logger.warn(`channel "${channel.name}": enabledFor failed: ${errorText(e)}`);
        continue;
      }
      if (!enabled) continue;
      slot.queue = slot.queue.then(async () => {
        try {
          await call(channel);
        } catch (e) {
          this.logger.warn(`channel "${channel.name}" failed to ${what} for profile "${profileId}": ${errorText(e)}`);
        }
      });
    }
  }

  /** Resolves once every queued call has finished (or `timeoutMs` passed). */
  async idle(timeoutMs = Infinity): Promise<void> {
    const all = Promise.all([...this.channels.values()].map((s) => s.queue)).then(() => undefined);
    if (!Number.isFinite(timeoutMs)) return all;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([all, timeout]);
    clearTimeout(timer);
  }
}
