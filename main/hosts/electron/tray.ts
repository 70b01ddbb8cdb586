/**
 * The tray icon: redrawn (image, tooltip, context menu) on every snapshot and theme change.
 * The menu is always set with setContextMenu, since on Linux a tray without one is not shown.
 */
import { join } from 'node:path';
import { Menu, Tray, nativeImage, nativeTheme, type MenuItemConstructorOptions } from 'electron';
import type { DeliveryStatus, Snapshot } from '../../../shared/api.js';
import { wordingOf } from '../../../shared/time-words.js';
import { systemLocales } from '../../channels/notification-channel.js';
import type { ShellCommand } from './commands.js';
import { statusLine, trayClick, trayIconFile, trayMenu, trayState, type TrayMenuItem } from './tray-menu.js';

/** Turns menu data into Electron's template; a chosen item runs its command. */
export function menuTemplate(items: readonly TrayMenuItem[], run: (command: ShellCommand) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    if (item.type === 'separator') return { type: 'separator' };
    const options: MenuItemConstructorOptions = { label: item.label ?? '', enabled: item.enabled ?? true };
    if (item.submenu) return { ...options, type: 'submenu', submenu: menuTemplate(item.submenu, run) };
    const command = item.command;
    return command ? { ...options, click: () => run(command) } : options;
  });
}

export interface TrayOptions {
  /** Folder holding the build/tray icons. */
  readonly iconDir: string;
  readonly run: (command: ShellCommand) => void;
  readonly platform?: NodeJS.Platform;
  /** The system's language tags, best first, for a profile that follows the system; default LC_ALL, LC_TIME, LANG, Intl. */
  readonly systemLocales?: readonly (string | undefined)[];
}

export class TrayIcon {
  private readonly tray: Tray;
  private readonly platform: NodeJS.Platform;
  private last: Snapshot | null = null;
  private readonly onTheme = (): void => this.redraw();

  constructor(private readonly options: TrayOptions) {
    this.platform = options.platform ?? process.platform;
    this.tray = new Tray(this.image('idle'));
    this.tray.setToolTip('Mantra');
    // Before the first snapshot there are no settings yet: the system's language.
    const starting = wordingOf({ locale: null, hourCycle: null }, options.systemLocales ?? systemLocales()).t('banners.trayStarting');
    this.tray.setContextMenu(Menu.buildFromTemplate(menuTemplate([{ label: starting, enabled: false }], options.run)));
    // Linux (AppIndicator) never reports clicks; there the menu is the only way in.
    this.tray.on('click', () => {
      if (this.last) options.run(trayClick(this.last.status));
    });
    nativeTheme.on('updated', this.onTheme);
  }

  /** Redraws from a snapshot; the status line is computed at the snapshot's own instant. */
  update(snapshot: Snapshot): void {
    this.last = snapshot;
    this.redraw();
  }

  status(): DeliveryStatus | null {
    return this.last?.status ?? null;
  }

  destroy(): void {
    nativeTheme.off('updated', this.onTheme);
    this.tray.destroy();
  }

  private redraw(): void {
    const s = this.last;
    if (!s) return;
    // A failing write outranks the delivery status: the user must learn that nothing is being saved.
    const failing = s.notices?.find((n) => n.kind === 'write-failed');
    // The user's language and clock, else the system's.
    const w = wordingOf(s.settings, this.options.systemLocales ?? systemLocales());
    const line = failing ? w.t('tray.cannotSave') : statusLine(s.status, s.now, s.timeZone, w);
    this.tray.setImage(this.image(trayState(s.status)));
    this.tray.setToolTip(`Mantra: ${line}`);
    this.tray.setContextMenu(Menu.buildFromTemplate(menuTemplate(trayMenu(s.status, s.now, s.timeZone, w), this.options.run)));
  }

  private image(state: ReturnType<typeof trayState>): Electron.NativeImage {
    const image = nativeImage.createFromPath(join(this.options.iconDir, trayIconFile(state, this.platform, nativeTheme.shouldUseDarkColors)));
    if (this.platform === 'darwin') image.setTemplateImage(true);
    return image;
  }
}
