/**
 * One process per data directory. The lock is a listening local socket named after the data
 * directory (Linux: an abstract socket; Windows: a named pipe; elsewhere a socket file in the
 * directory): the kernel gives it to one process only and takes it back the moment that
 * process dies, even by SIGKILL, so there is no stale lock to time out (a lock file with
 * mtime heartbeats, as proper-lockfile keeps, blocks a restart for its stale period and can
 * be lost when the event loop stalls; flock needs a native addon). The same socket is the
 * control channel: a second launch hands its flags to the holder over it, proving itself
 * with the data directory's 0600 access token, which only the owner can read.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, realpathSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import { commandOutcomeSchema, outcomeWords, shellCommandSchema } from './electron/commands.js';
import { loadAccessToken, tokenMatches } from './headless/access-token.js';
import { dataFiles } from '../store/data-dir.js';
import { errorText } from '../logger.js';
import { translator, type TFunction } from '../../shared/i18n/i18n.js';

/** Signals that end a host: Ctrl-C, a service manager, and a closed terminal. */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** What a second process may ask of the holder. */
export const instanceRequestSchema = z.discriminatedUnion('kind', [z.object({ kind: z.literal('hello') }), z.object({ kind: z.literal('commands'), commands: z.array(shellCommandSchema).max(16) })]);
export type InstanceRequest = z.infer<typeof instanceRequestSchema>;

const envelopeSchema = z.object({ token: z.string().max(200), request: z.unknown() });

/** Who holds a data directory, as it tells a second process. */
export const instanceInfoSchema = z.object({
  pid: z.number().int(),
  /** What holds it: 'headless', 'electron', 'discord-bot', or a CLI command such as 'import'. */
  role: z.string().max(40),
  /** The window's address without its token, when the holder serves one. */
  url: z.string().max(200).nullable(),
});
export type InstanceInfo = z.infer<typeof instanceInfoSchema>;

/** What the holder tells the asker, as data the asker words in its own language. */
export const replyLineSchema = z.union([
  /** A handed-over command's outcome. */
  commandOutcomeSchema,
  /** The holder's failing write (for doctor); `detail` is the system's own text. */
  z.object({ writeFailed: z.object({ detail: z.string().max(1000), failures: z.number().int().nonnegative(), since: z.number() }) }),
  /** A CLI command (import, rebuild) holds the directory and takes no flags. */
  z.object({ busyWith: z.string().max(40) }),
]);
export type ReplyLine = z.infer<typeof replyLineSchema>;

/** A line of the holder's reply in the asker's language. */
export function replyLineWords(line: ReplyLine, t: TFunction): string {
  if ('writeFailed' in line) {
    const w = line.writeFailed;
    return t('handover.writeFailed', { count: w.failures, since: new Date(w.since).toISOString(), detail: w.detail });
  }
  if ('busyWith' in line) return t('handover.busy', { role: line.busyWith });
  return outcomeWords(line, t);
}

const replySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), info: instanceInfoSchema, done: z.array(replyLineSchema).max(32) }),
  z.object({ ok: z.literal(false), error: z.string().max(1000) }),
]);
export type InstanceReply = z.infer<typeof replySchema>;

/** Runs a request for the holder; resolves to what the asking process is told. */
export type InstanceHandler = (request: InstanceRequest) => Promise<ReplyLine[]>;

export interface InstanceLock {
  readonly address: string;
  /** Becomes ready to answer: until then requests wait (the holder is still starting). */
  serve(info: Omit<InstanceInfo, 'pid'>, handler: InstanceHandler): void;
  release(): Promise<void>;
}

export type Claim = { readonly kind: 'acquired'; readonly lock: InstanceLock } | { readonly kind: 'running'; readonly ask: (request: InstanceRequest) => Promise<InstanceReply> };

const MAX_LINE = 64 * 1024;
const STARTING_GRACE_MS = 5000;

function waitFor(waiting: Array<() => void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    waiting.push(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** The socket address of a data directory (created first, so its real path is known). */
export function instanceAddress(dataDir: string, platform: NodeJS.Platform = process.platform): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const id = createHash('sha256').update(realpathSync(dataDir)).digest('hex').slice(0, 32);
  if (platform === 'linux') return `\0mantra-${id}`;
  if (platform === 'win32') return `\\\\?\\pipe\\mantra-${id}`;
  return join(dataDir, 'instance.sock');
}

function readLine(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      const end = text.indexOf('\n');
      if (end >= 0) resolve(text.slice(0, end));
      else if (text.length > MAX_LINE) reject(new Error('message too long'));
    });
    socket.on('end', () => reject(new Error('the other side closed the connection')));
    socket.on('error', reject);
  });
}

function listen(server: Server, address: string): Promise<'ok' | 'taken'> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      if (e.code === 'EADDRINUSE') resolve('taken');
      else reject(e);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve('ok');
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(address);
  });
}

function connect(address: string): Promise<Socket | null> {
  return new Promise((resolve) => {
    const socket = createConnection(address);
    socket.once('connect', () => resolve(socket));
    socket.once('error', () => resolve(null));
  });
}

function asker(address: string, token: () => string): (request: InstanceRequest) => Promise<InstanceReply> {
  return async (request) => {
    const socket = await connect(address);
    if (!socket) return { ok: false, error: 'the running Mantra did not answer' };
    try {
      socket.write(`${JSON.stringify({ token: token(), request })}\n`);
      const r = replySchema.safeParse(JSON.parse(await readLine(socket)));
      return r.success ? r.data : { ok: false, error: 'the running Mantra gave an unreadable answer' };
    } catch (e) {
      return { ok: false, error: `the running Mantra did not answer (${errorText(e)})` };
    } finally {
      socket.destroy();
    }
  };
}

/**
 * Takes the data directory for this process, or finds who has it. A socket file left by a
 * dead holder (platforms without abstract sockets) is removed when nobody answers on it.
 */
export async function claimDataDir(dataDir: string, role: string): Promise<Claim> {
  const address = instanceAddress(dataDir);
  // Read when first needed: taking the lock alone leaves no file behind.
  const token = (): string => loadAccessToken(dataFiles(dataDir).accessToken);
  let ready = null as { info: InstanceInfo; handler: InstanceHandler } | null;
  const waiting: Array<() => void> = [];
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    void (async () => {
      let reply: InstanceReply;
      try {
        const envelope = envelopeSchema.safeParse(JSON.parse(await readLine(socket)));
        if (!envelope.success || !tokenMatches(token(), envelope.data.token)) reply = { ok: false, error: 'wrong access token' };
        else {
          const request = instanceRequestSchema.safeParse(envelope.data.request);
          if (!request.success) reply = { ok: false, error: 'unknown request' };
          else {
            // A holder still starting gets a moment; a short-lived one (import) never serves.
            if (!ready) await waitFor(waiting, STARTING_GRACE_MS);
            reply = ready ? { ok: true, info: ready.info, done: await ready.handler(request.data) } : { ok: true, info: { pid: process.pid, role, url: null }, done: [{ busyWith: role }] };
          }
        }
      } catch (e) {
        reply = { ok: false, error: errorText(e) };
      }
      socket.end(`${JSON.stringify(reply)}\n`);
    })();
  });

  for (let attempt = 0; attempt < 3; attempt++) {
    if ((await listen(server, address)) === 'ok') {
      server.unref();
      const lock: InstanceLock = {
        address,
        serve(info, handler) {
          ready = { info: { pid: process.pid, ...info }, handler };
          for (const resume of waiting.splice(0)) resume();
        },
        release: () => new Promise((resolve) => server.close(() => resolve())),
      };
      return { kind: 'acquired', lock };
    }
    const probe = await connect(address);
    if (probe) {
      probe.destroy();
      return { kind: 'running', ask: asker(address, token) };
    }
    // Taken but nobody answers: a socket file left by a holder that died.
    if (!address.startsWith('\0') && !address.startsWith('\\\\') && existsSync(address)) unlinkSync(address);
  }
  throw new Error(`cannot take ${dataDir}: its lock ${address.replace('\0', '@')} is in use but nobody answers`);
}

/** Asks whoever holds a data directory (doctor: without taking it); null when nobody does. */
export async function askRunning(dataDir: string, request: InstanceRequest): Promise<InstanceReply | null> {
  if (!existsSync(dataDir)) return null;
  const address = instanceAddress(dataDir);
  const probe = await connect(address);
  if (!probe) return null;
  probe.destroy();
  return asker(address, () => loadAccessToken(dataFiles(dataDir).accessToken))(request);
}

/** Thrown by a host whose data directory another process holds; `ask` reaches that process. */
export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ask: (request: InstanceRequest) => Promise<InstanceReply>,
  ) {
    super(`another Mantra is already running on ${dataDir}`);
    this.name = 'DataDirBusyError';
  }
}

/** Takes the data directory or throws DataDirBusyError. */
export async function lockDataDir(dataDir: string, role: string): Promise<InstanceLock> {
  const claim = await claimDataDir(dataDir, role);
  if (claim.kind === 'running') throw new DataDirBusyError(dataDir, claim.ask);
  return claim.lock;
}

/** How to stop whoever holds a data directory, in words for a refusal. */
export function howToStop(info: InstanceInfo | null, t: TFunction = translator('en')): string {
  if (!info) return t('cliHost.stopUnknown');
  return t('cliHost.stopRunning', { role: info.role, pid: info.pid, where: info.url ? t('cliHost.stopAt', { url: info.url }) : '' });
}
