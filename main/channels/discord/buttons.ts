/**
 * The seed's buttons: ⭐ favorite under a successful answer, and after repeated misses the
 * offer to pause for a day or turn mantras off. Custom ids carry no secret and no template:
 * the favorite button names the delivery DM, whose template the ledger remembers.
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import { snowflakeSchema } from './inbound.js';

export type ButtonAction = { readonly kind: 'favorite'; readonly deliveryMessageId: string } | { readonly kind: 'pause-day' } | { readonly kind: 'turn-off' };

const FAVORITE = 'mantra:fav:';
const PAUSE_DAY = 'mantra:pause-day';
const TURN_OFF = 'mantra:off';

export function parseButton(customId: string): ButtonAction | null {
  if (customId === PAUSE_DAY) return { kind: 'pause-day' };
  if (customId === TURN_OFF) return { kind: 'turn-off' };
  if (customId.startsWith(FAVORITE)) {
    const id = snowflakeSchema.safeParse(customId.slice(FAVORITE.length));
    return id.success ? { kind: 'favorite', deliveryMessageId: id.data } : null;
  }
  return null;
}

type Row = APIActionRowComponent<APIButtonComponent>;

export function favoriteRow(deliveryMessageId: string, favorite: boolean): Row[] {
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: favorite ? ButtonStyle.Success : ButtonStyle.Secondary,
          custom_id: `${FAVORITE}${deliveryMessageId}`,
          label: favorite ? 'Favorite' : 'Add to favorites',
          emoji: { name: '⭐' },
        },
      ],
    },
  ];
}

export function offerRow(): Row[] {
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: PAUSE_DAY, label: 'Pause 1 day' },
        { type: ComponentType.Button, style: ButtonStyle.Danger, custom_id: TURN_OFF, label: 'Turn off' },
      ],
    },
  ];
}
