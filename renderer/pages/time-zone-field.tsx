/** The zone every hour is shown and fixed times are kept in: the system's, or one the user picks. */
import { useId, useMemo } from 'react';
import type { Snapshot } from '../../shared/api.js';
import { useEngine } from '../engine-context';
import { ActionError, useAction } from '../status';

function knownZones(current: string): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  return zones.includes(current) ? zones : [current, ...zones];
}

export function TimeZoneField({ snapshot }: { snapshot: Snapshot }) {
  const { api, accept } = useEngine();
  const action = useAction();
  const id = useId();
  const chosen = snapshot.settings.timeZone;
  const zones = useMemo(() => knownZones(snapshot.timeZone), [snapshot.timeZone]);
  return (
    <div className="field" style={{ marginTop: '0.8rem', marginBottom: 0 }}>
      <label htmlFor={id}>Time zone</label>
      <select
        id={id}
        value={chosen ?? ''}
        disabled={action.busy}
        onChange={(e) => void action.run(() => api.updateSettings({ timeZone: e.target.value || null })).then((s) => s && accept(s))}
      >
        <option value="">System ({chosen === null ? snapshot.timeZone : 'as the computer says'})</option>
        {zones.map((z) => (
          <option key={z} value={z}>
            {z}
          </option>
        ))}
      </select>
      <span className="hint">All times on these pages, and the fixed times, are in {snapshot.timeZone}.</span>
      <ActionError action={action} />
    </div>
  );
}
