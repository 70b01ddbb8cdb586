/**
 * The seed's buttons: ⭐ favorite under a successful answer, and after repeated misses the
 * offer to pause for a day or turn mantras off. Custom ids carry no secret and no template:
 * the favorite button names the delivery DM, whose template the ledger remembers.
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import { SNOOZE } from '../../../shared/constants.js';
import type { Wording } from '../../../shared/i18n/format.js';
import { snowflakeSchema } from './inbound.js';
import { ENGLISH } from './wording.js';

export type ButtonAction =
  { readonly kind: 'favorite'; readonly deliveryMessageId: string } | { readonly kind: 'pause-day' } | { readonly kind: 'turn-off' } | { readonly kind: 'snooze'; readonly minutes: number };

const FAVORITE = 'mantra:fav:';
const PAUSE_DAY = 'mantra:pause-day';
const TURN_OFF = 'mantra:off';
const SNOOZE_PREFIX = 'mantra:snooze:';

export function parseButton(customId: string): ButtonAction | null {
  if (customId === PAUSE_DAY) return { kind: 'pause-day' };
  if (customId === TURN_OFF) return { kind: 'turn-off' };
  if (customId.startsWith(SNOOZE_PREFIX)) {
    const minutes = Number(customId.slice(SNOOZE_PREFIX.length));
    return (SNOOZE.choicesMinutes as readonly number[]).includes(minutes) ? { kind: 'snooze', minutes } : null;
  }
  if (customId.startsWith(FAVORITE)) {
    const id = snowflakeSchema.safeParse(customId.slice(FAVORITE.length));
    return id.success ? { kind: 'favorite', deliveryMessageId: id.data } : null;
  }
  return null;
}

type Row = APIActionRowComponent<APIButtonComponent>;

export function favoriteRow(deliveryMessageId: string, favorite: boolean, w: Wording = ENGLISH): Row[] {
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: favorite ? ButtonStyle.Success : ButtonStyle.Secondary,
          custom_id: `${FAVORITE}${deliveryMessageId}`,
          label: favorite ? w.t('discord.favorite') : w.t('discord.addFavorite'),
          emoji: { name: '⭐' },
        },
      ],
    },
  ];
}

export function offerRow(w: Wording = ENGLISH): Row[] {
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: PAUSE_DAY, label: w.t('discord.pauseDay') },
        { type: ComponentType.Button, style: ButtonStyle.Danger, custom_id: TURN_OFF, label: w.t('discord.turnOff') },
      ],
    },
  ];
}

/** Under a delivery DM: snooze it for 10 min, 30 min or 1 h (the same mantra comes back). */
export function snoozeRow(w: Wording = ENGLISH): Row[] {
  return [
    {
      type: ComponentType.ActionRow,
      components: SNOOZE.choicesMinutes.map((minutes) => ({
        type: ComponentType.Button as const,
        style: ButtonStyle.Secondary as const,
        custom_id: `${SNOOZE_PREFIX}${minutes}`,
        label: minutes < 60 ? w.t('discord.snoozeMin', { n: minutes }) : w.t('discord.snoozeHour'),
        emoji: { name: '💤' },
      })),
    },
  ];
}
