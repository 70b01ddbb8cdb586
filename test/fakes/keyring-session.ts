/**
 * A desktop keyring for tests: a private D-Bus session bus with gnome-keyring-daemon serving
 * the Secret Service (org.freedesktop.secrets) on it, its keyrings in a temporary home,
 * unlocked with a throwaway password. Nothing touches the keyring of whoever runs the tests.
 * Needs the Debian packages dbus-daemon, dbus-bin, gnome-keyring and libsecret-tools.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { busConfig } from './desktop-session.js';

const run = promisify(execFile);
const START_TIMEOUT_MS = 10_000;

export interface KeyringSession {
  /** DBUS_SESSION_BUS_ADDRESS of the private bus; merge it over the environment of what should see the keyring. */
  readonly env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

function daemon(cmd: string, args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; stderr: () => string } {
  const child = spawn(cmd, args, { env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  let tail = '';
  child.stderr?.on('data', (d: Buffer) => (tail = (tail + d.toString()).slice(-2000)));
  child.on('error', (e) => (tail += `\n${e.message} (install dbus-daemon, gnome-keyring and libsecret-tools)`));
  return { child, stderr: () => tail.trim() };
}

const alive = (c: ChildProcess): boolean => c.exitCode === null && c.signalCode === null;

function firstLine(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`keyring-session: dbus-daemon gave no address: ${stderr()}`)), START_TIMEOUT_MS);
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(buf.slice(0, nl).trim());
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`keyring-session: dbus-daemon exited (${code}): ${stderr()}`));
    });
  });
}

/** Waits until the keyring daemon owns org.freedesktop.secrets on the bus. */
async function waitForSecrets(env: NodeJS.ProcessEnv, keyring: ReturnType<typeof daemon>): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (!alive(keyring.child)) throw new Error(`keyring-session: gnome-keyring-daemon exited: ${keyring.stderr()}`);
    const { stdout } = await run(
      'dbus-send',
      ['--session', '--print-reply=literal', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets'],
      { env, timeout: 2000 },
    ).catch(() => ({ stdout: '' }));
    if (/\btrue\b/.test(stdout)) return;
    if (Date.now() > deadline) throw new Error(`keyring-session: no Secret Service on the bus within ${START_TIMEOUT_MS} ms: ${keyring.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function kill(c: ChildProcess): Promise<void> {
  if (!alive(c) || c.pid === undefined) return Promise.resolve();
  const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
  try {
    process.kill(-c.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  return exited;
}

export async function startKeyringSession(): Promise<KeyringSession> {
  const dir = await mkdtemp(join(tmpdir(), 'mantra-keyring-'));
  const children: ChildProcess[] = [];
  const killNow = (): void => {
    for (const c of children) if (alive(c) && c.pid !== undefined) process.kill(-c.pid, 'SIGKILL');
  };
  process.once('exit', killNow);
  const close = async (): Promise<void> => {
    process.off('exit', killNow);
    for (const c of [...children].reverse()) await kill(c);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const conf = join(dir, 'bus.conf');
    await writeFile(conf, busConfig(dir));
    const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_RUNTIME_DIR: dir, XDG_CONFIG_HOME: join(dir, 'config') };
    const bus = daemon('dbus-daemon', ['--nofork', '--nopidfile', `--config-file=${conf}`, '--print-address=1'], base);
    children.push(bus.child);
    bus.child.stdin?.end();
    const address = await firstLine(bus.child, bus.stderr);
    const env = { ...base, DBUS_SESSION_BUS_ADDRESS: address };
    // --unlock reads the password from stdin and creates the "login" keyring with it, the default collection.
    const keyring = daemon('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], env);
    children.push(keyring.child);
    keyring.child.stdin?.end('throwaway-test-password');
    await waitForSecrets(env, keyring);
    return { env: { DBUS_SESSION_BUS_ADDRESS: address }, close };
  } catch (e) {
    await close();
    throw e;
  }
}
