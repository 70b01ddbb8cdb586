/** The zone every hour is shown and fixed times are kept in: the system's, or one the user picks. */
import { useId, useMemo, useState } from 'react';
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
  // Shown at once while saving; the engine's answer (or a refusal) replaces it.
  const [pending, setPending] = useState<string | null | undefined>(undefined);
  const chosen = pending === undefined ? snapshot.settings.timeZone : pending;
  const zones = useMemo(() => knownZones(snapshot.timeZone), [snapshot.timeZone]);
  return (
    <div className="field" style={{ marginTop: '0.8rem', marginBottom: 0 }}>
      <label htmlFor={id}>Time zone</label>
      <select
        id={id}
        value={chosen ?? ''}
        disabled={action.busy}
        onChange={(e) => {
          const zone = e.target.value || null;
          setPending(zone);
          void action
            .run(() => api.updateSettings({ timeZone: zone }))
            .then((s) => s && accept(s))
            .finally(() => setPending(undefined));
        }}
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
