/**
 * The zone every hour is shown and fixed times are kept in: the system's, or one the user picks
 * from a searchable list grouped by region (the ARIA 1.2 combobox pattern: type to filter,
 * arrows to move, Enter to choose, Escape to close).
 */
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Snapshot } from '../../shared/api.js';
import { isKnownTimeZone } from '../../shared/zone.js';
import { currentZoneName, searchZones, zoneChoices, ZONE_REGIONS, type ZoneChoice, type ZoneRegion } from '../../shared/time-zones.js';
import { useEngine } from '../engine-context';
import { ActionError, useAction } from '../status';

function runtimeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? [];
}

/** The system's own zone is its own choice (value null), listed first. */
const SYSTEM = '';

export function TimeZoneField({ snapshot }: { snapshot: Snapshot }) {
  const { api, accept } = useEngine();
  const { t } = useTranslation();
  const action = useAction();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);
  // Shown at once while saving; the engine's answer (or a refusal) replaces it.
  const [pending, setPending] = useState<string | null | undefined>(undefined);
  const chosen = pending === undefined ? snapshot.settings.timeZone : pending;
  const inUse = currentZoneName(snapshot.timeZone, isKnownTimeZone);
  // Keyed on the saved zone, not the pending pick: a pick comes from the list, so the list need not be rebuilt (and sorted) for it.
  const saved = snapshot.settings.timeZone;
  const choices = useMemo(() => zoneChoices(runtimeZones(), isKnownTimeZone, [snapshot.timeZone, ...(saved ? [saved] : [])]), [snapshot.timeZone, saved]);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(0);

  const regionName = (r: ZoneRegion) => t(`zones.region.${r}`);
  const systemLabel = t('zones.system', { zone: inUse });
  const shownValue = chosen === null ? systemLabel : currentZoneName(chosen, isKnownTimeZone);
  const selectedId = chosen === null ? null : shownValue;
  const found = useMemo(() => (query === null ? choices : searchZones(choices, query, regionName)), [choices, query, t]); // eslint-disable-line react-hooks/exhaustive-deps -- regionName follows t
  // The flat order arrows move through: the system's zone (unless searching), then each match.
  const flat: (ZoneChoice | typeof SYSTEM)[] = useMemo(() => (query ? found : [SYSTEM, ...found]), [found, query]);
  const optionId = (i: number) => `${id}-opt-${i}`;

  function choose(item: ZoneChoice | typeof SYSTEM) {
    const zone = item === SYSTEM ? null : item.id;
    setOpen(false);
    setQuery(null);
    if (zone === chosen) return;
    setPending(zone);
    void action
      .run(() => api.updateSettings({ timeZone: zone }))
      .then((s) => s && accept(s))
      .finally(() => setPending(undefined));
  }

  function move(to: number) {
    const next = Math.max(0, Math.min(flat.length - 1, to));
    setActive(next);
    setOpen(true);
    document.getElementById(optionId(next))?.scrollIntoView?.({ block: 'nearest' });
  }

  function onKey(e: KeyboardEvent<HTMLInputElement>) {
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        move(open ? active + 1 : 0);
        break;
      case 'ArrowUp':
        e.preventDefault();
        move(active - 1);
        break;
      case 'Home':
      case 'End':
        if (!open) return;
        e.preventDefault();
        move(e.key === 'Home' ? 0 : flat.length - 1);
        break;
      case 'Enter': {
        const item = flat[active];
        if (open && item !== undefined) {
          e.preventDefault();
          choose(item);
        }
        break;
      }
      case 'Escape':
        if (open || query !== null) {
          e.preventDefault();
          setOpen(false);
          setQuery(null);
        }
        break;
    }
  }

  const groups = ZONE_REGIONS.map((r) => ({ region: r, zones: found.filter((z) => z.region === r) })).filter((g) => g.zones.length > 0);
  let index = query ? 0 : 1;
  return (
    <div className="field zone-field" style={{ marginTop: '0.8rem', marginBottom: 0 }}>
      <label htmlFor={`${id}-input`}>{t('zones.label')}</label>
      <div className="combo">
        <input
          id={`${id}-input`}
          ref={input}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={`${id}-list`}
          aria-activedescendant={open && flat[active] !== undefined ? optionId(active) : undefined}
          aria-describedby={`${id}-hint`}
          aria-busy={action.busy}
          value={query ?? shownValue}
          onFocus={(e) => e.currentTarget.select()}
          onClick={(e) => {
            // Typing after a click replaces the shown zone rather than adding to it.
            if (query === null) e.currentTarget.select();
            setOpen(true);
          }}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
            setOpen(true);
          }}
          onKeyDown={onKey}
          onBlur={(e) => {
            // A click on an option lands on the list; anything else closes it.
            if (!list.current?.contains(e.relatedTarget as Node | null)) {
              setOpen(false);
              setQuery(null);
            }
          }}
        />
        <button
          type="button"
          className="combo-toggle"
          tabIndex={-1}
          aria-label={t('zones.showAll')}
          aria-expanded={open}
          aria-controls={`${id}-list`}
          onClick={() => {
            setOpen((o) => !o);
            input.current?.focus();
          }}
        >
          ▾
        </button>
      </div>
      <div id={`${id}-list`} ref={list} role="listbox" aria-label={t('zones.label')} className="combo-list" hidden={!open} tabIndex={-1}>
        {/* Options are drawn only while the list is open: ~420 of them on every Schedule render would cost. */}
        {open && !query && (
          <div role="option" id={optionId(0)} aria-selected={chosen === null} className={active === 0 ? 'active' : undefined} onMouseDown={(e) => e.preventDefault()} onClick={() => choose(SYSTEM)}>
            {systemLabel}
          </div>
        )}
        {(open ? groups : []).map((g) => (
          <div role="group" key={g.region} aria-labelledby={`${id}-g-${g.region}`}>
            <div role="presentation" id={`${id}-g-${g.region}`} className="combo-group">
              {regionName(g.region)}
            </div>
            {g.zones.map((z) => {
              const i = index++;
              return (
                <div
                  role="option"
                  key={z.id}
                  id={optionId(i)}
                  aria-selected={selectedId === z.id}
                  className={active === i ? 'active' : undefined}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => choose(z)}
                >
                  {z.city} <span className="hint">{z.id}</span>
                </div>
              );
            })}
          </div>
        ))}
        {open && found.length === 0 && <div className="hint combo-empty">{t('zones.none')}</div>}
      </div>
      <span className="visually-hidden" role="status">
        {open && query ? t('zones.found', { count: found.length }) : ''}
      </span>
      <span className="hint" id={`${id}-hint`}>
        {t('zones.hint', { zone: inUse })}
      </span>
      <ActionError action={action} />
    </div>
  );
}
