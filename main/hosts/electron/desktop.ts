/**
 * The tray app put together: store, engine (with the presence gate), the desktop channels,
 * the Discord mirror with its safeStorage vault, windows, IPC, tray, power signals and the
 * login item. Wiring only; every behaviour lives in its own room.
 */
import { createNotifyChannel } from '../../channels/notify.js';
import { notificationChannel } from '../../channels/notification-channel.js';
import { DiscordMirror } from '../../channels/discord/mirror.js';
import { publishDiscordStatus } from '../../channels/discord/status-file.js';
import { sleepAwareClock } from '../../engine/clock.js';
import type { Logger } from '../../logger.js';
import { DESKTOP_PROFILE } from '../../store/data-dir.js';
import { openFileStore } from '../../store/file-store.js';
import { composeHost } from '../compose.js';
import { problemLines } from '../headless/headless.js';
import { performCommand, performCommands, type CommandTarget, type ShellCommand } from './commands.js';
import { registerIpc } from './ipc.js';
import { followLoginSetting } from './login.js';
import { systemIdleState, watchPower } from './power.js';
import { heldWhileAway, mirrorIsOn, PresenceGate } from './presence.js';
import { anyGate, DndGate, readLinuxDnd } from '../../channels/dnd.js';
import { openTokenVault } from './secrets.js';
import { shellEngineOf } from './shell-engine.js';
import { followShortcutSetting } from './shortcut.js';
import { TrayIcon } from './tray.js';
import { trayClick } from './tray-menu.js';
import { answerWindowChannel, DesktopWindows } from './windows.js';

/** How often the tray's status line is recomputed without an event. */
export const TRAY_REFRESH_MS = 10 * 60_000;

export interface DesktopPaths {
  readonly preload: string;
  /** Folder with build/tray's icons. */
  readonly trayIcons: string;
  /** The app icon as a file other processes can read (notifications, autostart entry). */
  readonly icon: string;
}

export interface DesktopOptions {
  readonly dataDir: string;
  readonly paths: DesktopPaths;
  readonly logger: Logger;
  readonly quit: () => void;
}

export interface Desktop {
  /** Carries out commands of a launch; none: open the window that fits (answer if a mantra waits, else settings). */
  handleLaunch(commands: readonly ShellCommand[]): void;
  stop(): Promise<void>;
}

export async function startDesktop(options: DesktopOptions): Promise<Desktop> {
  const { logger, dataDir, paths } = options;
  const windows = new DesktopWindows({ preload: paths.preload, icon: paths.icon });
  // A headless host or CLI command on the same data directory keeps it (DataDirBusyError); main.ts hands over then.
  const composed = await composeHost({
    dataDir,
    role: 'electron',
    logger,
    host: 'electron',
    clock: sleepAwareClock,
    profileId: DESKTOP_PROFILE,
    openStore: () => openFileStore({ dataDir, logger }),
    // Both gates are built before the engine they hold back; they learn the settings from what the engine tells them.
    gate: (rearm) => {
      const presence = new PresenceGate({ idleState: systemIdleState, rearm, logger });
      // Do-not-disturb (Linux: dunst, GNOME) holds a due mantra like being away does.
      const dnd = new DndGate({ read: process.platform === 'linux' ? () => readLinuxDnd() : async () => 'unknown', rearm, logger, mirrorIsOn: (c) => mirrorIsOn(c.discord) });
      return { ...anyGate(presence, dnd), presence, dnd };
    },
    parts: (engine, _store, { presence, dnd }) => {
      const now = (): number => engine.clock.now();
      const notify = createNotifyChannel({ appName: 'Mantra', iconPath: paths.icon, log: (m) => logger.warn(m) });
      const mirror = new DiscordMirror({ engine, audience: 'owner', profileId: DESKTOP_PROFILE, dataDir, vault: openTokenVault({ dataDir, logger }), logger, now });
      return {
        mirror,
        channels: [
          heldWhileAway(notificationChannel(notify, { onOpen: () => windows.show('answer') }), presence, now, logger),
          heldWhileAway(answerWindowChannel(windows), presence, now, logger),
          mirror,
        ],
        discord: mirror,
        // The mirror first, so a delivery that came due while the app was closed reaches Discord too.
        start: async () => {
          await mirror.start();
          await dnd.start();
        },
        stop: () => mirror.stop(),
      };
    },
  });
  const { engine, lock } = composed;
  const { presence: gate, dnd } = composed.gate;
  const { mirror } = composed.parts;
  const shell = shellEngineOf(engine, DESKTOP_PROFILE);
  const now = (): number => engine.clock.now();
  const unpublish = publishDiscordStatus(mirror, { dataDir, role: 'electron', now, logger });

  const target: CommandTarget = { api: shell.api, showAnswer: () => windows.show('answer'), showSettings: () => windows.show('settings'), quit: options.quit, logger };
  const run = (command: ShellCommand): void => void performCommand(command, target);
  const tray = new TrayIcon({ iconDir: paths.trayIcons, run });
  const followLogin = followLoginSetting(logger, { icon: paths.icon });
  const shortcutFollower = followShortcutSetting(() => windows.show('answer'), logger);
  // A shortcut the system refused is told in the window too, not only in the log.
  const shortcut = {
    follow(accelerator: string): void {
      shortcutFollower.follow(accelerator);
      const { problem, trouble } = shortcutFollower.state();
      engine.setHostNotice(
        'shortcut',
        problem === null ? null : `The shortcut to open the answer window does not work: ${problem}. Choose another under Schedule > Desktop.`,
        trouble ? { shortcut: trouble } : {},
      );
    },
    release: () => shortcutFollower.release(),
  };
  const redraw = (): void => {
    const snapshot = shell.snapshot();
    gate.observe(snapshot.settings);
    tray.update(snapshot);
    followLogin(snapshot.settings.startAtLogin);
    shortcut.follow(snapshot.settings.answerShortcut);
  };
  redraw();

  // "tomorrow 09:00" must become "09:00" after midnight even when nothing happens.
  const refresh = setInterval(() => tray.update(shell.snapshot()), TRAY_REFRESH_MS);
  const stopEvents = shell.api.subscribe((event) => {
    if (event.type === 'openAnswer') return windows.show('answer');
    if (event.type === 'snapshot') {
      gate.observe(event.snapshot.settings);
      tray.update(event.snapshot);
      followLogin(event.snapshot.settings.startAtLogin);
      shortcut.follow(event.snapshot.settings.answerShortcut);
    }
    windows.broadcast(event);
  });
  const stopMirrorStatus = mirror.onStatus(() => {
    redraw();
    windows.broadcast({ type: 'snapshot', snapshot: shell.snapshot() });
  });
  const stopIpc = registerIpc({ handlers: shell.handlers, isOurs: (contents) => windows.isOurs(contents), logger });
  const stopPower = watchPower({ rearm: (reason) => shell.rearm(reason), userActive: () => gate.check(), shutdown: options.quit });

  lock.serve({ role: 'electron', url: null }, async (request) => {
    if (request.kind !== 'commands') return problemLines(engine);
    // Carried out in turn; each outcome goes back to the asking terminal, which words it in its language.
    return performCommands(request.commands, target);
  });

  let stopping: Promise<void> | null = null;
  return {
    handleLaunch(commands) {
      if (commands.length === 0) run(trayClick(shell.snapshot().status));
      for (const command of commands) run(command);
    },
    stop: () =>
      (stopping ??= (async () => {
        clearInterval(refresh);
        stopPower();
        shortcut.release();
        gate.stop();
        dnd.stop();
        stopIpc();
        stopMirrorStatus();
        stopEvents();
        windows.releaseForQuit();
        tray.destroy();
        unpublish();
        await composed.stop();
      })()),
  };
}
