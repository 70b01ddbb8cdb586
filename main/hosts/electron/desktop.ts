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
import { Engine } from '../../engine/engine.js';
import { errorText, type Logger } from '../../logger.js';
import { DESKTOP_PROFILE } from '../../store/data-dir.js';
import { openFileStore } from '../../store/file-store.js';
import { lockDataDir } from '../single-instance.js';
import { problemLines } from '../headless/headless.js';
import { performCommand, type ShellCommand } from './commands.js';
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
  // A headless host or CLI command on the same data directory keeps it; main.ts hands over then.
  const lock = await lockDataDir(dataDir, 'electron');
  const store = await openFileStore({ dataDir, logger }).catch(async (e: unknown) => {
    await lock.release();
    throw e;
  });
  // The gate re-arms the engine it gates: both are built before either runs. It learns the settings from what the engine tells it.
  const gate: PresenceGate = new PresenceGate({ idleState: systemIdleState, rearm: (reason) => engine.rearm(reason), logger });
  // Power signals re-arm on resume; the 5-minute re-check covers systems that send none (Linux without logind).
  // Do-not-disturb (Linux: dunst, GNOME) holds a due mantra like being away does.
  const dnd = new DndGate({ read: process.platform === 'linux' ? () => readLinuxDnd() : async () => 'unknown', rearm: (reason) => engine.rearm(reason), logger, mirrorIsOn: (c) => mirrorIsOn(c.discord) });
  const engine: Engine = new Engine({ store, clock: sleepAwareClock, gate: anyGate(gate, dnd), logger, host: 'electron' });
  const shell = shellEngineOf(engine, DESKTOP_PROFILE);
  const windows = new DesktopWindows({ preload: paths.preload, icon: paths.icon });
  const now = (): number => engine.clock.now();

  const notify = createNotifyChannel({ appName: 'Mantra', iconPath: paths.icon, log: (m) => logger.warn(m) });
  engine.addChannel(heldWhileAway(notificationChannel(notify, { onOpen: () => windows.show('answer') }), gate, now, logger));
  engine.addChannel(heldWhileAway(answerWindowChannel(windows), gate, now, logger));
  const mirror = new DiscordMirror({ engine, audience: 'owner', profileId: DESKTOP_PROFILE, dataDir, vault: openTokenVault({ dataDir, logger }), logger, now });
  engine.addChannel(mirror);
  engine.useDiscord(mirror);
  const unpublish = publishDiscordStatus(mirror, { dataDir, role: 'electron', now, logger });
  // The mirror first, so a delivery that came due while the app was closed reaches Discord too.
  await mirror.start();
  engine.ensureProfile(DESKTOP_PROFILE);
  await dnd.start();
  engine.start();

  const run = (command: ShellCommand): void => {
    void performCommand(command, { api: shell.api, showAnswer: () => windows.show('answer'), showSettings: () => windows.show('settings'), quit: options.quit, logger });
  };
  const tray = new TrayIcon({ iconDir: paths.trayIcons, run });
  const followLogin = followLoginSetting(logger, { icon: paths.icon });
  const shortcutFollower = followShortcutSetting(() => windows.show('answer'), logger);
  // A shortcut the system refused is told in the window too, not only in the log.
  const shortcut = {
    follow(accelerator: string): void {
      shortcutFollower.follow(accelerator);
      const { problem } = shortcutFollower.state();
      engine.setHostNotice('shortcut', problem === null ? null : `The shortcut to open the answer window does not work: ${problem}. Choose another under Schedule > Desktop.`);
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
    for (const command of request.commands) run(command);
    return request.commands.map((c) => `${c.kind}: handed to the tray app`);
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
        await mirror.stop().catch((e: unknown) => logger.warn(`Discord: ${errorText(e)}`));
        await engine.stop();
        await lock.release();
      })()),
  };
}
