/**
 * An on/off setting: a native checkbox with role="switch" (keyboard, focus and label as any
 * checkbox), its label as the accessible name, and what it does, why it is disabled and
 * what went wrong as its description.
 */
import { useId, type ReactNode } from 'react';
import { ActionError, type Action } from './status';

export interface SwitchFieldProps {
  readonly label: string;
  readonly about: ReactNode;
  readonly checked: boolean;
  readonly onChange: (on: boolean) => void;
  /** Why the switch cannot be used here; given: disabled, with this said under it. */
  readonly disabledReason?: string | undefined;
  /** A short tag beside the label (e.g. "Tray app only"). */
  readonly tag?: string | undefined;
  /** The save behind the switch: busy is announced, its error shown under the switch. */
  readonly action?: Action;
}

export function SwitchField({ label, about, checked, onChange, disabledReason, tag, action }: SwitchFieldProps) {
  const id = useId();
  const described = [`${id}-about`, disabledReason ? `${id}-why` : null, action?.error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="setting switch-row">
      <input
        id={id}
        type="checkbox"
        role="switch"
        checked={checked}
        // Not disabled while saving: that would take keyboard focus away.
        disabled={disabledReason !== undefined}
        aria-busy={action?.busy || undefined}
        aria-describedby={described}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span className="setting-label">
        <label htmlFor={id}>{label}</label>
        {tag && <span className="tag">{tag}</span>}
      </span>
      <span className="hint" id={`${id}-about`}>
        {about}
      </span>
      {disabledReason && (
        <span className="hint why" id={`${id}-why`}>
          {disabledReason}
        </span>
      )}
      {action?.error ? (
        <div className="setting-error" id={`${id}-error`}>
          <ActionError action={action} />
        </div>
      ) : null}
    </div>
  );
}
