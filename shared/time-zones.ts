/**
 * The time zones a user picks from: current IANA names (ICU still lists some old ones, e.g.
 * Asia/Calcutta), grouped by region, searchable by city, region, ID or old name. Pure.
 */

/** Old names ICU/CLDR still return, and the names IANA uses now. */
export const LEGACY_ZONE_NAMES: Readonly<Record<string, string>> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Dacca': 'Asia/Dhaka',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Macao': 'Asia/Macau',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Thimbu': 'Asia/Thimphu',
  'Asia/Ujung_Pandang': 'Asia/Makassar',
  'Asia/Ulan_Bator': 'Asia/Ulaanbaatar',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Europe/Uzhgorod': 'Europe/Kyiv',
  'Europe/Zaporozhye': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

export const ZONE_REGIONS = ['Africa', 'America', 'Antarctica', 'Arctic', 'Asia', 'Atlantic', 'Australia', 'Europe', 'Indian', 'Pacific', 'Other'] as const;
export type ZoneRegion = (typeof ZONE_REGIONS)[number];

export interface ZoneChoice {
  /** The IANA name saved in settings. */
  readonly id: string;
  readonly region: ZoneRegion;
  /** "Buenos Aires (Argentina)", "Kolkata", "UTC". */
  readonly city: string;
  /** Old names that mean this zone, for search. */
  readonly aliases: readonly string[];
}

/** The current name of a zone, when the runtime knows it (`accepts`), else the name given. */
export function currentZoneName(id: string, accepts: (id: string) => boolean): string {
  const current = LEGACY_ZONE_NAMES[id];
  return current && accepts(current) ? current : id;
}

function regionOf(id: string): ZoneRegion {
  const first = id.split('/')[0] ?? '';
  return (ZONE_REGIONS as readonly string[]).includes(first) && first !== 'Other' && id.includes('/') ? (first as ZoneRegion) : 'Other';
}

function cityOf(id: string): string {
  const parts = id.split('/').map((p) => p.replace(/_/g, ' '));
  if (parts.length <= 1) return parts[0] ?? id;
  const [, ...rest] = parts;
  const city = rest[rest.length - 1] ?? id;
  return rest.length > 1 ? `${city} (${rest.slice(0, -1).join(', ')})` : city;
}

/** Every zone once under its current name, sorted by region then city; `extra` (the zone in use) is kept. */
export function zoneChoices(ids: readonly string[], accepts: (id: string) => boolean, extra: readonly string[] = []): ZoneChoice[] {
  const aliases = new Map<string, string[]>();
  for (const id of [...ids, ...extra]) {
    const current = currentZoneName(id, accepts);
    const list = aliases.get(current) ?? [];
    if (id !== current) list.push(id);
    aliases.set(current, list);
  }
  for (const [legacy, current] of Object.entries(LEGACY_ZONE_NAMES)) aliases.get(current)?.push(legacy);
  return [...aliases.entries()]
    .map(([id, old]) => ({ id, region: regionOf(id), city: cityOf(id), aliases: [...new Set(old)] }))
    .sort((a, b) => ZONE_REGIONS.indexOf(a.region) - ZONE_REGIONS.indexOf(b.region) || a.city.localeCompare(b.city, 'en'));
}

const fold = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[_/]/g, ' ');

/** The zones whose ID, city, region (also as `regionNames` shows it) or old name contain every word of `query`. */
export function searchZones(choices: readonly ZoneChoice[], query: string, regionNames: (r: ZoneRegion) => string = (r) => r): ZoneChoice[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...choices];
  return choices.filter((c) => {
    const haystack = fold([c.id, c.city, c.region, regionNames(c.region), ...c.aliases].join(' '));
    return words.every((w) => haystack.includes(w));
  });
}
