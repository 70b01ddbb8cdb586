/**
 * The global shortcut that opens the answer window (setting `answerShortcut`, an Electron
 * accelerator such as "CommandOrControl+Shift+M"; "" = none). Registered with the system
 * while the tray app runs; one taken by another app is logged and the setting is kept.
 */
import { globalShortcut } from 'electron';
import type { ShortcutTrouble } from '../../../shared/api.js';
import { errorText, type Logger } from '../../logger.js';

export interface ShortcutState {
  /** The accelerator in force, or null when none is (off, or the system refused it). */
  readonly active: string | null;
  /** Why the wanted shortcut is not in force, in English for the log; null when it is or none is wanted. */
  readonly problem: string | null;
  /** The same as data, for the window to word. */
  readonly trouble: ShortcutTrouble | null;
}

export interface ShortcutFollower {
  /** Called with every snapshot's `answerShortcut`; touches the system only when it changed. */
  follow(accelerator: string): void;
  state(): ShortcutState;
  /** Lets go of the shortcut (on quit). */
  release(): void;
}

export function followShortcutSetting(onPress: () => void, logger: Logger): ShortcutFollower {
  let wanted: string | null = null;
  const none: ShortcutState = { active: null, problem: null, trouble: null };
  let state: ShortcutState = none;
  const release = (): void => {
    if (state.active !== null) globalShortcut.unregister(state.active);
    state = none;
  };
  return {
    follow(accelerator) {
      if (accelerator === wanted) return;
      wanted = accelerator;
      release();
      if (accelerator === '') return;
      let registered = false;
      try {
        registered = globalShortcut.register(accelerator, onPress);
      } catch (e) {
        state = { active: null, problem: `the system refused ${accelerator}: ${errorText(e)}`, trouble: { accelerator, taken: false, error: errorText(e) } };
        logger.warn(`shortcut: ${state.problem}`);
        return;
      }
      // register() answers false when another application holds the combination.
      state = registered ? { active: accelerator, problem: null, trouble: null } : { active: null, problem: `${accelerator} is taken by another application`, trouble: { accelerator, taken: true } };
      if (state.problem) logger.warn(`shortcut: ${state.problem}; choose another one under Schedule > Desktop`);
    },
    state: () => state,
    release() {
      release();
      wanted = null;
    },
  };
}
