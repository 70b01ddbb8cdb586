/**
 * Who the bot speaks for. On the desktop one Discord user owns the one profile and everyone
 * else is ignored; in server mode every Discord user has a profile of their own.
 */
import { snowflakeSchema } from './inbound.js';

export interface Audience {
  readonly kind: 'owner' | 'open';
  /** The profile a Discord user acts on, or null when this user is not served (ignored). */
  profileFor(userId: string): string | null;
  /** The Discord user a profile's mantras are DMed to, or null when the profile is not mirrored. */
  userFor(profileId: string): string | null;
}

/** Desktop: the configured user (read at each call, so reconfiguring takes effect at once). */
export function ownerAudience(profileId: string, userId: () => string | null): Audience {
  return {
    kind: 'owner',
    profileFor: (id) => (userId() !== null && id === userId() ? profileId : null),
    userFor: (p) => (p === profileId ? userId() : null),
  };
}

const SERVER_PREFIX = 'discord-';

/** Server mode's profile id of a Discord user: `discord-<userId>`. */
export const serverProfileId = (userId: string): string => `${SERVER_PREFIX}${userId}`;

export const openAudience: Audience = {
  kind: 'open',
  profileFor: (id) => (snowflakeSchema.safeParse(id).success ? serverProfileId(id) : null),
  userFor: (p) => {
    if (!p.startsWith(SERVER_PREFIX)) return null;
    const id = p.slice(SERVER_PREFIX.length);
    return snowflakeSchema.safeParse(id).success ? id : null;
  },
};
