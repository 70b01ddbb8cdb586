/** The desktop notification as a delivery channel: the formatted mantra, with the app's name and icon. */
import type { DeliveryChannel } from '../engine/ports.js';
import type { NotifyChannel } from './notify.js';

export interface NotificationChannelOptions {
  /** Called with the profile id when a notification is clicked (where the platform reports clicks). */
  readonly onOpen?: (profileId: string) => void;
  /** Formats the deadline for the title; default: local HH:MM. */
  readonly formatTime?: (at: number) => string;
}

const hhmm = (at: number): string => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export function notificationChannel(notify: NotifyChannel, options: NotificationChannelOptions = {}): DeliveryChannel {
  const formatTime = options.formatTime ?? hhmm;
  if (options.onOpen) {
    const open = options.onOpen;
    notify.onClick((id) => {
      if (id) open(id);
    });
  }
  return {
    name: 'notification',
    enabledFor: (settings) => settings.notifications,
    async deliver(profileId, mantra, deadline) {
      const result = await notify.show({ title: `Type it back by ${formatTime(deadline)}`, body: mantra.text, id: profileId });
      if (!result.delivered) throw new Error(result.error ?? 'the notification was not shown');
    },
  };
}
