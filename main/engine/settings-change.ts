/** A settings change: checked as a whole, and what it means for the schedule. */
import { ApiError, invalidInput } from '../../shared/api.js';
import { profileSettingsPatchSchema, profileSettingsSchema, type ProfileSettings, type ProfileSettingsPatch } from '../../shared/settings.js';
import type { ThemeLibrary } from '../../shared/themes.js';

/** The settings after `patch`; throws ApiError('invalid-input') naming the field, or an unknown theme. */
export function applySettingsPatch(before: ProfileSettings, patch: ProfileSettingsPatch, library: ThemeLibrary): ProfileSettings {
  const checkedPatch = profileSettingsPatchSchema.safeParse(patch);
  if (!checkedPatch.success) throw invalidInput('invalid settings', checkedPatch.error.issues);
  const merged = profileSettingsSchema.safeParse({ ...before, ...checkedPatch.data });
  if (!merged.success) throw invalidInput('invalid settings', merged.error.issues);
  const known = new Set(library.themes.map((t) => t.id));
  const unknown = merged.data.themes.filter((t) => !known.has(t));
  if (unknown.length > 0) {
    throw new ApiError(`invalid settings: themes: unknown theme ${unknown.map((t) => `"${t}"`).join(', ')}`, 'invalid-input', {
      reason: 'unknownTheme',
      params: { themes: unknown.join(', ').slice(0, 500), count: unknown.length },
    });
  }
  return merged.data;
}

/** Why the waiting send time must be recomputed, or null when the schedule is untouched. */
export function scheduleChange(before: ProfileSettings, after: ProfileSettings): string | null {
  const reasons: string[] = [];
  if (before.mode !== after.mode) reasons.push(`mode ${before.mode} -> ${after.mode}`);
  else if (after.mode === 'interval' && before.intervalHours !== after.intervalHours) reasons.push(`interval ${before.intervalHours} h -> ${after.intervalHours} h`);
  else if (after.mode === 'fixed' && before.fixedTimes.join() !== after.fixedTimes.join()) reasons.push(`fixed times ${after.fixedTimes.join(', ')}`);
  else if (after.mode === 'hybrid' && (before.hybridTimes.join() !== after.hybridTimes.join() || before.hybridWindowMinutes !== after.hybridWindowMinutes)) {
    reasons.push(`hybrid times ${after.hybridTimes.join(', ')} ±${after.hybridWindowMinutes} min`);
  }
  if (before.learner !== after.learner) reasons.push(`learner ${before.learner} -> ${after.learner}`);
  if (JSON.stringify(before.quietHours) !== JSON.stringify(after.quietHours)) reasons.push(`quiet hours ${after.quietHours.map((w) => `${w.from}-${w.to} (${w.days})`).join(', ') || 'none'}`);
  if (JSON.stringify(before.frequencyRange) !== JSON.stringify(after.frequencyRange) && (after.mode === 'adaptive' || after.mode === 'hybrid')) {
    reasons.push(after.frequencyRange ? `how often ${after.frequencyRange.min}-${after.frequencyRange.max} a day` : 'how often: default');
  }
  if (before.timeZone !== after.timeZone) reasons.push(`time zone ${before.timeZone ?? 'system'} -> ${after.timeZone ?? 'system'}`);
  return reasons.length > 0 ? reasons.join('; ') : null;
}
