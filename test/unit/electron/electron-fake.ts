/**
 * A stand-in for the 'electron' module (the runtime cannot be downloaded here). Tests do
 * `vi.mock('electron', () => import('./electron-fake.js'))` and look at what the shell did
 * through the `fake` record; `resetFake()` between tests.
 */
import { EventEmitter } from 'node:events';

type Listener = (...args: unknown[]) => unknown; // an ipc handler may return a promise

export const fake = {
  trays: [] as FakeTray[],
  windows: [] as FakeBrowserWindow[],
  menus: [] as FakeMenu[],
  images: [] as FakeImage[],
  handlers: new Map<string, Listener>(),
  loginItem: { openAtLogin: false } as Record<string, unknown>,
  loginCalls: [] as Record<string, unknown>[],
  openedExternally: [] as string[],
  privilegedSchemes: [] as unknown[],
  idleState: 'active' as 'active' | 'idle' | 'locked' | 'unknown',
  encryption: true,
  backend: 'gnome_libsecret' as string,
  isPackaged: false,
  gotLock: true,
  lockData: undefined as unknown,
  ready: Promise.resolve(),
  appCalls: [] as string[],
  /** Accelerators held by the app, with their callbacks. */
  shortcuts: new Map<string, () => void>(),
  /** Accelerators another application holds: register() answers false. */
  takenShortcuts: new Set<string>(),
};

export const globalShortcut = {
  register(accelerator: string, callback: () => void): boolean {
    if (!/^[\w+]+$/.test(accelerator)) throw new Error(`Failed to parse accelerator ${accelerator}`);
    if (fake.takenShortcuts.has(accelerator) || fake.shortcuts.has(accelerator)) return false;
    fake.shortcuts.set(accelerator, callback);
    return true;
  },
  unregister(accelerator: string): void {
    fake.shortcuts.delete(accelerator);
  },
  unregisterAll(): void {
    fake.shortcuts.clear();
  },
  isRegistered: (accelerator: string): boolean => fake.shortcuts.has(accelerator),
};

export class FakeImage {
  template = false;
  constructor(readonly path: string) {}
  setTemplateImage(on: boolean): void {
    this.template = on;
  }
}

export const nativeImage = {
  createFromPath(path: string): FakeImage {
    const image = new FakeImage(path);
    fake.images.push(image);
    return image;
  },
};

class ThemeEmitter extends EventEmitter {
  shouldUseDarkColors = false;
}
export const nativeTheme = new ThemeEmitter();

export class FakeMenu {
  constructor(readonly template: Record<string, unknown>[]) {}
}
export const Menu = {
  buildFromTemplate(template: Record<string, unknown>[]): FakeMenu {
    const menu = new FakeMenu(template);
    fake.menus.push(menu);
    return menu;
  },
};

export class FakeTray extends EventEmitter {
  image: FakeImage;
  toolTip = '';
  contextMenu: FakeMenu | null = null;
  contextMenuSets = 0;
  destroyed = false;
  constructor(image: FakeImage) {
    super();
    this.image = image;
    fake.trays.push(this);
  }
  setImage(image: FakeImage): void {
    this.image = image;
  }
  setToolTip(text: string): void {
    this.toolTip = text;
  }
  setContextMenu(menu: FakeMenu | null): void {
    this.contextMenu = menu;
    this.contextMenuSets++;
  }
  destroy(): void {
    this.destroyed = true;
  }
}
export { FakeTray as Tray };

let nextContentsId = 1;
export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly sent: Array<[string, unknown]> = [];
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  readonly mainFrame = { url: '', parent: null };
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  visible = false;
  focused = false;
  destroyed = false;
  loadedUrl: string | null = null;
  constructor(readonly options: Record<string, unknown>) {
    super();
    fake.windows.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
  }
  showInactive(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focused = true;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** What clicking the window's close button does. */
  tryClose(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) {
      this.destroyed = true;
      this.emit('closed');
    }
    return !prevented;
  }
}
export { FakeBrowserWindow as BrowserWindow };

export const ipcMain = {
  handle(channel: string, handler: Listener): void {
    fake.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    fake.handlers.delete(channel);
  },
};

class PowerEmitter extends EventEmitter {
  getSystemIdleState(_threshold: number): string {
    return fake.idleState;
  }
}
export const powerMonitor = new PowerEmitter();

export const safeStorage = {
  isEncryptionAvailable: (): boolean => fake.encryption,
  getSelectedStorageBackend: (): string => fake.backend,
  // Not real cryptography: enough that the plain text never appears in the output.
  encryptString: (plain: string): Buffer => Buffer.concat([Buffer.from('v10'), Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)]),
  decryptString: (encrypted: Buffer): string => {
    if (encrypted.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(encrypted.subarray(3).map((b) => b ^ 0x5a)).toString('utf8');
  },
};

class FakeApp extends EventEmitter {
  readonly dock = { hide: (): void => void fake.appCalls.push('dock.hide') };
  get isPackaged(): boolean {
    return fake.isPackaged;
  }
  getAppPath(): string {
    return '/opt/mantra-dev';
  }
  getPath(name: string): string {
    return `/fake/${name}`;
  }
  setLoginItemSettings(settings: Record<string, unknown>): void {
    fake.loginCalls.push(settings);
    fake.loginItem = { ...fake.loginItem, openAtLogin: settings.openAtLogin };
  }
  getLoginItemSettings(): Record<string, unknown> {
    return fake.loginItem;
  }
  requestSingleInstanceLock(additionalData?: unknown): boolean {
    fake.lockData = additionalData;
    return fake.gotLock;
  }
  whenReady(): Promise<void> {
    return fake.ready;
  }
  setAppUserModelId(id: string): void {
    fake.appCalls.push(`appUserModelId:${id}`);
  }
  quit(): void {
    fake.appCalls.push('quit');
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) fake.appCalls.push('quit:done');
  }
  exit(code: number): void {
    fake.appCalls.push(`exit:${code}`);
  }
}
export const app = new FakeApp();

export const dialog = {
  showErrorBox: (title: string, text: string): void => void fake.appCalls.push(`error:${title}: ${text}`),
};

export const session = {
  defaultSession: {
    protocol: { handle: (scheme: string): void => void fake.appCalls.push(`protocol:${scheme}`) },
    setPermissionRequestHandler: (): void => undefined,
    setPermissionCheckHandler: (): void => undefined,
  },
};

export const shell = {
  openExternal(url: string): Promise<void> {
    fake.openedExternally.push(url);
    return Promise.resolve();
  },
};

export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    fake.privilegedSchemes.push(...schemes);
  },
};

export function resetFake(): void {
  fake.trays.length = 0;
  fake.windows.length = 0;
  fake.menus.length = 0;
  fake.images.length = 0;
  fake.handlers.clear();
  fake.loginItem = { openAtLogin: false };
  fake.loginCalls.length = 0;
  fake.openedExternally.length = 0;
  fake.privilegedSchemes.length = 0;
  fake.idleState = 'active';
  fake.encryption = true;
  fake.backend = 'gnome_libsecret';
  fake.isPackaged = false;
  fake.gotLock = true;
  fake.lockData = undefined;
  fake.ready = Promise.resolve();
  fake.appCalls.length = 0;
  fake.shortcuts.clear();
  fake.takenShortcuts.clear();
  app.removeAllListeners();
  nativeTheme.shouldUseDarkColors = false;
  nativeTheme.removeAllListeners();
  powerMonitor.removeAllListeners();
}

export default { app, BrowserWindow: FakeBrowserWindow, dialog, globalShortcut, ipcMain, Menu, nativeImage, nativeTheme, powerMonitor, protocol, safeStorage, session, shell, Tray: FakeTray };
