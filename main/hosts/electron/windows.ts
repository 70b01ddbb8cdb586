/**
 * The two windows: settings and answer. Each is created once, on first use, and then only
 * shown and hidden; closing one hides it, so a delivery never stacks up windows.
 */
import { BrowserWindow, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
import type { ApiEvent } from '../../../shared/api.js';
import type { DeliveryChannel } from '../../engine/ports.js';
import { EVENT_CHANNEL } from './ipc.js';
import { appUrl, guardWebContents, secureWebPreferences } from './web-security.js';

export type WindowKind = 'answer' | 'settings';

interface WindowSpec {
  readonly route: string;
  readonly title: string;
  readonly width: number;
  readonly height: number;
  readonly minWidth: number;
  readonly minHeight: number;
}

const SPECS: Readonly<Record<WindowKind, WindowSpec>> = {
  answer: { route: 'answer', title: 'Mantra', width: 520, height: 440, minWidth: 360, minHeight: 320 },
  // 'start': the first-run walk-through until it was done, then Schedule.
  settings: { route: 'start', title: 'Mantra settings', width: 960, height: 720, minWidth: 480, minHeight: 420 },
};

export interface WindowsOptions {
  /** dist/main/hosts/electron/preload.cjs */
  readonly preload: string;
  /** The app icon (Linux and Windows title bars). */
  readonly icon?: string;
}

export function windowOptions(kind: WindowKind, options: WindowsOptions): BrowserWindowConstructorOptions {
  const spec = SPECS[kind];
  return {
    title: spec.title,
    width: spec.width,
    height: spec.height,
    minWidth: spec.minWidth,
    minHeight: spec.minHeight,
    show: false,
    center: true,
    autoHideMenuBar: true,
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: secureWebPreferences(options.preload),
  };
}

export class DesktopWindows {
  private readonly open = new Map<WindowKind, BrowserWindow>();
  private quitting = false;

  constructor(private readonly options: WindowsOptions) {}

  /** Shows a window; `focus: false` (a delivery) leaves the keyboard where the user is typing. */
  show(kind: WindowKind, { focus = true }: { focus?: boolean } = {}): void {
    const win = this.get(kind);
    if (win.isMinimized()) win.restore();
    if (focus) {
      win.show();
      win.focus();
    } else if (!win.isVisible()) win.showInactive();
    // The answer page is asked for again: the user may have wandered to another page in that window.
    if (kind === 'answer') this.sendTo(win, { type: 'openAnswer' });
  }

  hide(kind: WindowKind): void {
    this.open.get(kind)?.hide();
  }

  /** Pushes a live event to every window (an `openAnswer` only to the answer window). */
  broadcast(event: ApiEvent): void {
    for (const [kind, win] of this.open) if (event.type !== 'openAnswer' || kind === 'answer') this.sendTo(win, event);
  }

  /** The web contents IPC may accept calls from. */
  isOurs(contents: WebContents): boolean {
    for (const win of this.open.values()) if (!win.isDestroyed() && win.webContents.id === contents.id) return true;
    return false;
  }

  /** From now on closing a window really closes it (the app is quitting). */
  releaseForQuit(): void {
    this.quitting = true;
  }

  private get(kind: WindowKind): BrowserWindow {
    const known = this.open.get(kind);
    if (known && !known.isDestroyed()) return known;
    const win = new BrowserWindow(windowOptions(kind, this.options));
    guardWebContents(win.webContents);
    win.on('close', (event) => {
      if (this.quitting) return;
      event.preventDefault();
      win.hide();
    });
    win.on('closed', () => {
      if (this.open.get(kind) === win) this.open.delete(kind);
    });
    this.open.set(kind, win);
    void win.loadURL(appUrl(SPECS[kind].route));
    return win;
  }

  private sendTo(win: BrowserWindow, event: ApiEvent): void {
    if (!win.isDestroyed() && !win.webContents.isDestroyed()) win.webContents.send(EVENT_CHANNEL, event);
  }
}

/** The answer window as a delivery channel: it comes up when a mantra goes out, if the user wants that. */
export function answerWindowChannel(windows: Pick<DesktopWindows, 'show'>): DeliveryChannel {
  return {
    name: 'answer-window',
    enabledFor: ({ settings }) => settings.openAnswerWindow,
    deliver: async () => windows.show('answer', { focus: false }),
  };
}
