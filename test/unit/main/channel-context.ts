/** What the engine hands a channel, built by hand for tests that drive a channel directly. */
import type { ChannelContext, Delivery } from '../../../main/engine/ports.js';
import { defaultProfileSettings, type DeliveredMantra } from '../../../shared/settings.js';

export function channelContext(over: Partial<ChannelContext> = {}): ChannelContext {
  return { profileId: 'desktop', at: Date.UTC(2026, 5, 1, 10), timeZone: 'UTC', locale: { locale: null, hourCycle: null }, settings: defaultProfileSettings(), ...over };
}

export function deliveryOf(mantra: DeliveredMantra, over: Partial<Delivery> = {}): Delivery {
  const context = channelContext(over);
  return { ...context, mantra, sentAt: context.at, deadline: context.at + 3_600_000, ...over };
}
