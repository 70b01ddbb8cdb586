// A throwaway Linux desktop for tests: Xvfb + a private D-Bus session bus + dunst.
// Nothing touches the real session: the bus has no service directories (so nothing
// is D-Bus-activated behind our back) and dunst reads a dunstrc from a temp dir.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Notification {
  appname: string;
  summary: string;
  body: string;
  icon?: string;
}

export interface DesktopSession {
  /** Only DISPLAY and DBUS_SESSION_BUS_ADDRESS; merge it over process.env. */
  env: NodeJS.ProcessEnv;
  /** Every notification dunst received, oldest first. Closes those still on screen first. */
  history(): Promise<Notification[]>;
  close(): Promise<void>;
}

const BINARIES = {
  Xvfb: 'xvfb',
  'dbus-daemon': 'dbus-daemon',
  'dbus-send': 'dbus-bin',
  dunst: 'dunst',
  dunstctl: 'dunst',
  busctl: 'systemd', // dunstctl history shells out to busctl
} as const;

const START_TIMEOUT_MS = 10_000;

// Notifications never expire on their own, so history() alone decides when they move there.
const DUNSTRC = `[global]
    notification_limit = 0
    history_length = 1000
    ignore_dbusclose = false
    ignore_dbustimeout = true
    idle_threshold = 0
    font = Monospace 8
[urgency_low]
    timeout = 0
[urgency_normal]
    timeout = 0
[urgency_critical]
    timeout = 0
`;

/** A private session bus that listens in `dir` and lets every client own and watch any name. */
export const busConfig = (dir: string): string => `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=${dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;

function requireBinaries(): void {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const missing = Object.entries(BINARIES).filter(([bin]) => {
    return !dirs.some((dir) => {
      try {
        accessSync(join(dir, bin), fsConstants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
  });
  if (missing.length > 0) {
    const packages = [...new Set(missing.map(([, pkg]) => pkg))].join(' ');
    const names = missing.map(([bin]) => bin).join(', ');
    throw new Error(`desktop-session: ${names} not found on PATH; install the Debian package(s): apt-get install ${packages}`);
  }
}

/** A child in its own process group, with the tail of its stderr kept for error messages. */
interface Daemon {
  name: string;
  child: ChildProcess;
  stderr(): string;
}

function startDaemon(name: string, args: string[], env: NodeJS.ProcessEnv, extraFd = false): Daemon {
  const child = spawn(name, args, {
    env,
    detached: true, // own process group, so close() can take down anything it forked
    stdio: extraFd ? ['ignore', 'pipe', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  // Drain both pipes for the daemon's whole life: a full pipe would block it mid-test.
  child.stdout?.on('data', () => {});
  child.stderr?.on('data', (d: Buffer) => {
    tail = (tail + d.toString()).slice(-2000);
  });
  child.on('error', (err) => {
    tail += `\n${err.message}`;
  });
  return { name, child, stderr: () => tail.trim() };
}

const alive = (d: Daemon) => d.child.exitCode === null && d.child.signalCode === null;

/** First line the daemon writes on `stream`, or a clear error if it dies or stays silent. */
function firstLine(d: Daemon, stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const done = (err: Error | null, line?: string) => {
      clearTimeout(timer);
      stream.off('data', onData);
      d.child.off('exit', onExit);
      if (err) reject(err);
      else resolve(line ?? '');
    };
    const onData = (chunk: Buffer) => {
      buf += chunk.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) done(null, buf.slice(0, nl).trim());
    };
    const onExit = (code: number | null) => done(new Error(`desktop-session: ${d.name} exited (code ${code}) before it was ready: ${d.stderr()}`));
    const timer = setTimeout(() => done(new Error(`desktop-session: ${d.name} not ready within ${START_TIMEOUT_MS} ms: ${d.stderr()}`)), START_TIMEOUT_MS);
    stream.on('data', onData);
    d.child.once('exit', onExit);
  });
}

async function stop(d: Daemon): Promise<void> {
  if (!alive(d) || d.child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => d.child.once('exit', () => resolve()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-d.child.pid!, sig);
    } catch {
      // group already gone
    }
  };
  signal('SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 2000));
  if ((await Promise.race([exited, timer])) === 'timeout') {
    signal('SIGKILL');
    await exited;
  }
}

async function waitForNotificationDaemon(env: NodeJS.ProcessEnv, dunst: Daemon): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (!alive(dunst)) throw new Error(`desktop-session: dunst exited before owning the bus name: ${dunst.stderr()}`);
    try {
      const { stdout } = await run(
        'dbus-send',
        ['--session', '--print-reply=literal', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.Notifications'],
        { env, timeout: 2000 },
      );
      if (/\btrue\b/.test(stdout)) return;
    } catch {
      // bus busy or not answering yet; poll again
    }
    if (Date.now() > deadline) {
      throw new Error(`desktop-session: dunst did not own org.freedesktop.Notifications within ${START_TIMEOUT_MS} ms: ${dunst.stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

type Variant = { data?: unknown } | undefined;
const text = (v: Variant) => (typeof v?.data === 'string' ? v.data : '');

function parseHistory(json: string): Notification[] {
  const parsed = JSON.parse(json) as { data?: [Array<Record<string, Variant>>] };
  const entries = parsed.data?.[0] ?? [];
  return entries
    .map((e) => ({ id: Number(e.id?.data ?? 0), e }))
    .sort((a, b) => a.id - b.id)
    .map(({ e }) => {
      const n: Notification = { appname: text(e.appname), summary: text(e.summary), body: text(e.body) };
      const icon = text(e.icon_path);
      if (icon) n.icon = icon;
      return n;
    });
}

export async function startDesktopSession(): Promise<DesktopSession> {
  requireBinaries();
  const dir = await mkdtemp(join(tmpdir(), 'mantra-desktop-'));
  const daemons: Daemon[] = [];
  const killAllNow = () => {
    for (const d of daemons) {
      if (alive(d) && d.child.pid !== undefined) {
        try {
          process.kill(-d.child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  };
  // A crashed test run must not leave an X server and a bus behind.
  process.once('exit', killAllNow);
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      process.off('exit', killAllNow);
      for (const d of [...daemons].reverse()) await stop(d);
      await rm(dir, { recursive: true, force: true });
    })());

  try {
    const base: NodeJS.ProcessEnv = { ...process.env };
    delete base.WAYLAND_DISPLAY; // dunst would prefer Wayland over our Xvfb
    delete base.DBUS_SESSION_BUS_ADDRESS;

    // -displayfd: Xvfb picks a free display number itself and writes it to fd 3.
    const xvfb = startDaemon('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp', '-noreset', '-screen', '0', '1280x800x24'], base, true);
    daemons.push(xvfb);
    const display = `:${await firstLine(xvfb, xvfb.child.stdio[3] as NodeJS.ReadableStream)}`;

    const conf = join(dir, 'bus.conf');
    await writeFile(conf, busConfig(dir));
    const bus = startDaemon('dbus-daemon', ['--nofork', '--nopidfile', `--config-file=${conf}`, '--print-address=1'], base);
    daemons.push(bus);
    const address = await firstLine(bus, bus.child.stdout!);

    const env: NodeJS.ProcessEnv = { DISPLAY: display, DBUS_SESSION_BUS_ADDRESS: address };
    const full: NodeJS.ProcessEnv = { ...base, ...env, XDG_CONFIG_HOME: dir };
    const dunstrc = join(dir, 'dunstrc');
    await writeFile(dunstrc, DUNSTRC);
    const dunst = startDaemon('dunst', ['-config', dunstrc], full);
    daemons.push(dunst);
    await waitForNotificationDaemon(full, dunst);

    const dunstctl = async (...args: string[]) => (await run('dunstctl', args, { env: full, timeout: 5000 })).stdout;
    return {
      env,
      async history() {
        // dunst only files a notification in history once it leaves the screen.
        await dunstctl('close-all');
        return parseHistory(await dunstctl('history'));
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
