// Desktop notification channel over node-notifier. It reports, it never throws and never
// blocks the engine: a missing or hung backend comes back as { delivered: false, error }.
import { execFile } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createRequire } from 'node:module';
import type NodeNotifier from 'node-notifier';
import { errorText } from '../logger.js';

export type NotifyUrgency = 'low' | 'normal' | 'critical';

/** The part of node-notifier the channel uses; tests inject their own. */
export interface NotifierLike {
  notify(options: Record<string, unknown>, callback: (err: Error | string | null | undefined, response?: unknown) => void): unknown;
  on?(event: 'click', listener: (notifier: unknown, options?: Record<string, unknown>) => void): unknown;
}

export interface NotifyChannelOptions {
  appName: string;
  /** Absolute path to a PNG. */
  iconPath: string;
  log?: (msg: string) => void;
  notifier?: NotifierLike;
  urgency?: NotifyUrgency;
  /** How long the notification stays on screen where the daemon honours it. */
  expireSeconds?: number;
  /** show() gives up (delivered: false) after this long; the backend is a child process. */
  answerTimeoutMs?: number;
  platform?: NodeJS.Platform;
}

export interface NotifyMessage {
  title: string;
  body: string;
  id?: string;
  /** Ask for the system's notification sound (true) or silence (false); absent: the daemon's default. */
  sound?: boolean;
}

/** Freedesktop sound-naming hint for notify-send; daemons that play sounds (GNOME Shell, KDE) honour it, dunst plays none. */
export const SOUND_HINT = 'string:sound-name:message-new-instant';
/** Asks a daemon that would play its own sound to stay quiet. */
export const SILENT_HINT = 'boolean:suppress-sound:true';

export interface NotifyResult {
  delivered: boolean;
  error?: string;
}

/** What doctor says about the backend, as data: the CLI words it in its language (`terminal.notify`). */
export type NotifySaid =
  | { readonly key: 'bundled' }
  | { readonly key: 'notifySendMissing' }
  | { readonly key: 'notProbed'; readonly bin: string }
  | { readonly key: 'daemon'; readonly bin: string; readonly name: string; readonly version: string; readonly vendor: string }
  | { readonly key: 'noDaemon'; readonly bin: string; readonly reason: string };

export interface NotifyCheck {
  ok: boolean;
  backend: string;
  /** English, for logs. */
  detail: string;
  said?: NotifySaid;
}

export interface NotifyChannel {
  show(n: NotifyMessage): Promise<NotifyResult>;
  /** Best effort: macOS/Windows report clicks; notify-send never does. Returns an unsubscribe. */
  onClick(handler: (id: string | undefined) => void): () => void;
  check(): Promise<NotifyCheck>;
}

const LIBNOTIFY_HINT = 'install libnotify-bin (Debian/Ubuntu) or libnotify (Fedora/Arch)';
const RECENT_LIMIT = 20;

const usesNotifySend = (platform: NodeJS.Platform) => platform === 'linux' || platform === 'freebsd' || platform === 'openbsd' || platform === 'netbsd';

function backendName(platform: NodeJS.Platform): string {
  if (usesNotifySend(platform)) return 'notify-send';
  if (platform === 'darwin') return 'terminal-notifier';
  if (platform === 'win32') return 'snoretoast';
  return 'growl';
}

/** Loaded at the first notification, not at start: an idle host never needs it (about 1 MB resident, docs/scaling.md). */
function defaultNotifier(platform: NodeJS.Platform): NotifierLike {
  const nodeNotifier = createRequire(import.meta.url)('node-notifier') as typeof NodeNotifier;
  if (!usesNotifySend(platform)) return nodeNotifier as unknown as NotifierLike;
  // The shared instance remembers a failed `which notify-send` for the life of the process;
  // suppressOsdCheck skips that cache, so installing libnotify-bin later just works.
  const NotifySend = nodeNotifier.NotifySend as unknown as new (o: object) => NotifierLike;
  return new NotifySend({ withFallback: false, suppressOsdCheck: true });
}

function onPath(bin: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const file = join(dir, bin);
    try {
      accessSync(file, fsConstants.X_OK);
      return file;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

function describe(err: unknown, backend: string): string {
  const message = errorText(err);
  if (backend === 'notify-send' && /not found|ENOENT|must be installed/i.test(message)) {
    return `notify-send not found on PATH; ${LIBNOTIFY_HINT}`;
  }
  // exec errors start with "Command failed: <whole command line>"; the last line is the reason.
  const lines = message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return `${backend} failed: ${lines[lines.length - 1] ?? 'unknown error'}`;
}

function probe(cmd: string, args: string[]): Promise<{ ok: boolean; out: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 3000 }, (err, stdout, stderr) => {
      resolve({ ok: !err, out: (err ? `${stderr || err.message}` : stdout).trim() });
    });
  });
}

/** Asks the session bus who serves org.freedesktop.Notifications (activating it if needed). */
async function probeDaemon(): Promise<{ ok: boolean; detail: string; said: { name: string; version: string; vendor: string } | { reason: string } } | undefined> {
  const dest = 'org.freedesktop.Notifications';
  const path = '/org/freedesktop/Notifications';
  const method = `${dest}.GetServerInformation`;
  const attempt = onPath('dbus-send')
    ? await probe('dbus-send', ['--session', '--print-reply=literal', `--dest=${dest}`, path, method])
    : onPath('gdbus')
      ? await probe('gdbus', ['call', '--session', '--dest', dest, '--object-path', path, '--method', method])
      : undefined;
  if (!attempt) return undefined;
  if (!attempt.ok) {
    const reason = attempt.out.split('\n').pop() ?? '';
    return { ok: false, detail: `no notification daemon answers on the session bus: ${reason}`, said: { reason } };
  }
  // dbus-send prints "dunst knopwob 1.9.0 1.2", gdbus "('dunst', 'knopwob', '1.9.0', '1.2')"
  const [name = '?', vendor = '?', version = '?'] = attempt.out
    .replace(/[(),']/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  return { ok: true, detail: `notification daemon ${name} ${version} (${vendor})`, said: { name, version, vendor } };
}

export function createNotifyChannel(opts: NotifyChannelOptions): NotifyChannel {
  const platform = opts.platform ?? process.platform;
  const backend = backendName(platform);
  const log = opts.log ?? (() => {});
  let loaded = opts.notifier;
  const notifier = (): NotifierLike => (loaded ??= defaultNotifier(platform));
  const answerTimeoutMs = opts.answerTimeoutMs ?? 8000;
  const handlers = new Set<(id: string | undefined) => void>();
  const recent: Array<{ key: string; id: string | undefined }> = [];
  const keyOf = (title: unknown, body: unknown) => `${String(title)}\u0000${String(body)}`;
  let listening = false;
  let shown = false;

  // GOption would read a leading '-' as a flag and refuse the call; a zero-width space defuses it.
  const argSafe = (s: string) => (usesNotifySend(platform) && s.startsWith('-') ? `\u200b${s}` : s);
  // notify-send runs the body through g_strcompress, which eats backslashes.
  const bodySafe = (s: string) => argSafe(usesNotifySend(platform) ? s.replaceAll('\\', '\\\\') : s);

  function optionsFor(n: NotifyMessage): Record<string, unknown> {
    const base = {
      title: argSafe(n.title || opts.appName), // node-notifier would title it "Node Notification:"
      message: bodySafe(n.body),
      icon: opts.iconPath,
      timeout: opts.expireSeconds ?? 10,
      wait: false,
    };
    if (usesNotifySend(platform)) {
      // node-notifier maps only 'app-name' (or 'a') to notify-send's --app-name; appName/appID are dropped.
      const hint = n.sound === undefined ? {} : { hint: n.sound ? SOUND_HINT : SILENT_HINT };
      return { ...base, 'app-name': opts.appName, urgency: opts.urgency ?? 'normal', ...hint };
    }
    // terminal-notifier plays "Bottle" for true; SnoreToast plays its default sound for true and -silent for false.
    const sound = n.sound === undefined ? {} : { sound: n.sound };
    if (platform === 'win32') return { ...base, appID: opts.appName, ...sound };
    return { ...base, ...sound };
  }

  function listen() {
    if (listening || !notifier().on) return;
    listening = true;
    notifier().on?.('click', (_n, options) => {
      const key = keyOf(options?.title, options?.message);
      const id = recent.find((r) => r.key === key)?.id;
      for (const h of handlers) {
        try {
          h(id);
        } catch (err) {
          log(`notify: click handler failed: ${errorText(err)}`);
        }
      }
    });
  }

  return {
    show(n) {
      shown = true;
      if (handlers.size > 0) listen();
      const options = optionsFor(n);
      recent.unshift({ key: keyOf(options.title, options.message), id: n.id });
      recent.length = Math.min(recent.length, RECENT_LIMIT);
      return new Promise<NotifyResult>((resolve) => {
        let settled = false;
        const finish = (result: NotifyResult) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          if (result.error) log(`notify: ${result.error}`);
          resolve(result);
        };
        const timer = setTimeout(() => finish({ delivered: false, error: `${backend} did not answer within ${answerTimeoutMs} ms` }), answerTimeoutMs);
        try {
          notifier().notify(options, (err) => {
            // node-notifier passes a non-empty stderr as `err` even when the command succeeded.
            if (err instanceof Error) return finish({ delivered: false, error: describe(err, backend) });
            if (typeof err === 'string' && err.trim()) log(`notify: ${backend} said: ${err.trim()}`);
            finish({ delivered: true });
          });
        } catch (err) {
          finish({ delivered: false, error: describe(err, backend) });
        }
      });
    },

    onClick(handler) {
      handlers.add(handler);
      // Only a shown notification can be clicked: until the first one, node-notifier stays unloaded.
      if (shown) listen();
      return () => void handlers.delete(handler);
    },

    async check() {
      if (!usesNotifySend(platform)) {
        return { ok: true, backend, detail: `${backend} (bundled with node-notifier)`, said: { key: 'bundled' } };
      }
      const bin = onPath('notify-send');
      if (!bin) return { ok: false, backend, detail: `notify-send not found on PATH; ${LIBNOTIFY_HINT}`, said: { key: 'notifySendMissing' } };
      const daemon = await probeDaemon();
      if (!daemon) return { ok: true, backend, detail: `${bin} found; daemon not probed (no dbus-send or gdbus)`, said: { key: 'notProbed', bin } };
      const said: NotifySaid = 'reason' in daemon.said ? { key: 'noDaemon', bin, ...daemon.said } : { key: 'daemon', bin, ...daemon.said };
      return { ok: daemon.ok, backend, detail: `${bin}; ${daemon.detail}`, said };
    },
  };
}
