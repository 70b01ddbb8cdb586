/** The desktop notification as a delivery channel: the formatted mantra, with the app's name and icon. */
import { dayAndTime } from '../../shared/i18n/format.js';
import { wordingOf } from '../../shared/time-words.js';
import type { Delivery, DeliveryChannel } from '../engine/ports.js';
import type { NotifyChannel } from './notify.js';

export interface NotificationChannelOptions {
  /** Called with the profile id when a notification is clicked (where the platform reports clicks). */
  readonly onOpen?: (profileId: string) => void;
  /** The system's language tags, best first; default: LC_ALL, LC_TIME, LANG and Intl's default. */
  readonly systemLocales?: readonly (string | undefined)[];
}

/** What "the system's language" means on the Node side. */
export function systemLocales(env: NodeJS.ProcessEnv = process.env): (string | undefined)[] {
  const named = [env.LC_ALL, env.LC_TIME, env.LANG].filter((v): v is string => v !== undefined && v !== '');
  // On Linux ICU's default comes from these same variables ("C" becomes en-US); it says more only where none is set.
  return named.length > 0 ? named : [Intl.DateTimeFormat().resolvedOptions().locale];
}

/** "Type it back by today 14:05": the deadline in the profile's zone, language and clock, in the window's words. */
export function notificationTitle(d: Pick<Delivery, 'deadline' | 'at' | 'timeZone' | 'locale'>, wishes: readonly (string | undefined)[] = systemLocales()): string {
  const w = wordingOf(d.locale, wishes);
  return w.t('notify.title', { when: dayAndTime(w, d.deadline, d.timeZone, d.at) });
}

export function notificationChannel(notify: NotifyChannel, options: NotificationChannelOptions = {}): DeliveryChannel {
  const wishes = options.systemLocales ?? systemLocales();
  if (options.onOpen) {
    const open = options.onOpen;
    notify.onClick((id) => {
      if (id) open(id);
    });
  }
  return {
    name: 'notification',
    enabledFor: ({ settings }) => settings.notifications,
    async deliver(d) {
      const result = await notify.show({ title: notificationTitle(d, wishes), body: d.mantra.text, id: d.profileId, sound: d.settings.notificationSound });
      if (!result.delivered) throw new Error(result.error ?? 'the notification was not shown');
    },
  };
}
