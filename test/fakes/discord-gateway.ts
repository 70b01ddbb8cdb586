/**
 * Gateway half of the loopback Discord: JSON text frames over `ws`, HELLO / IDENTIFY / READY,
 * heartbeats, per-session sequence numbers with replay on RESUME, INVALID_SESSION, and intent-
 * filtered dispatch. Attached to the HTTP server's `upgrade` event (paths /gateway and
 * /gateway/resume; the latter is advertised as resume_gateway_url, as Discord does with a
 * separate host).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { GatewayCloseCodes, GatewayDispatchEvents, GatewayIntentBits, GatewayOpcodes } from 'discord.js';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { isRecord, type JsonObject } from './discord-model.js';

export interface IdentifyRecord {
  token: string;
  intents: number;
  properties: JsonObject;
  shard?: [number, number];
  /** The whole IDENTIFY `d` object as received. */
  raw: JsonObject;
  at: number;
}

export interface ResumeRecord {
  sessionId: string;
  seq: number;
  outcome: 'resumed' | 'invalid-session' | 'auth-failed';
  replayed: number;
  at: number;
}

export interface GatewayOptions {
  token: string;
  heartbeatIntervalMs: number;
  /** Privileged intents the "developer portal" has enabled; others close the socket with 4014. */
  privilegedIntents: number;
  newSessionId: () => string;
  /** Builds the READY `d` for a new session. */
  readyPayload: (sessionId: string) => object;
}

interface BufferedEvent {
  s: number;
  t: string;
  d: object;
}

interface Session {
  id: string;
  intents: number;
  seq: number;
  buffer: BufferedEvent[];
  conn: Connection | null;
  /** False once the session can no longer be resumed (client closed with 1000/1001, or invalidated). */
  valid: boolean;
}

interface Connection {
  ws: WebSocket;
  session: Session | null;
  closedByServer: boolean;
}

const PRIVILEGED_INTENTS = GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;
const ALL_INTENTS = (1 << 26) - 1;
const REPLAY_BUFFER = 1000;

export class FakeGateway {
  readonly identifies: IdentifyRecord[] = [];
  readonly resumes: ResumeRecord[] = [];
  heartbeats = 0;

  private refusing = false;
  private refused = 0;
  private heartbeatAcks = true;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  private readonly connections = new Set<Connection>();

  constructor(private readonly options: GatewayOptions) {}

  /** Number of sockets currently open and identified or resumed. */
  get liveSessions(): number {
    let count = 0;
    for (const conn of this.connections) if (conn.session && conn.ws.readyState === conn.ws.OPEN) count += 1;
    return count;
  }

  /** Gateway connections refused during an outage (each a reconnect attempt). */
  get refusedUpgrades(): number {
    return this.refused;
  }

  /** HTTP upgrade handler. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/gateway' && url.pathname !== '/gateway/resume') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    if (this.refusing) {
      this.refused += 1;
      socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, url));
  }

  private onConnection(ws: WebSocket, url: URL): void {
    const conn: Connection = { ws, session: null, closedByServer: false };
    this.connections.add(conn);
    ws.on('error', () => undefined);
    ws.on('close', (code) => {
      this.connections.delete(conn);
      const session = conn.session;
      if (session && session.conn === conn) {
        session.conn = null;
        // A client closing with 1000/1001 ends its session, as on Discord; other codes keep it resumable.
        if (!conn.closedByServer && (code === 1000 || code === 1001)) session.valid = false;
      }
    });
    if (url.searchParams.get('v') !== '10') {
      this.closeConn(conn, GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version');
      return;
    }
    if ((url.searchParams.get('encoding') ?? 'json') !== 'json' || url.searchParams.has('compress')) {
      // zlib-sync is not installed, so discord.js uses plain JSON; the fake supports nothing else.
      this.closeConn(conn, GatewayCloseCodes.DecodeError, 'The fake only speaks uncompressed JSON');
      return;
    }
    ws.on('message', (data, isBinary) => this.onMessage(conn, data, isBinary));
    this.send(conn, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs }, s: null, t: null });
  }

  private onMessage(conn: Connection, data: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.closeConn(conn, GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(rawToString(data));
    } catch {
      this.closeConn(conn, GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    if (!isRecord(payload) || typeof payload['op'] !== 'number') {
      this.closeConn(conn, GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    const d = payload['d'];
    switch (payload['op']) {
      case GatewayOpcodes.Heartbeat:
        this.heartbeats += 1;
        if (this.heartbeatAcks) this.send(conn, { op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null });
        return;
      case GatewayOpcodes.Identify:
        this.onIdentify(conn, d);
        return;
      case GatewayOpcodes.Resume:
        this.onResume(conn, d);
        return;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestGuildMembers:
      case GatewayOpcodes.RequestSoundboardSounds:
        if (!conn.session) this.closeConn(conn, GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
        return;
      default:
        this.closeConn(conn, GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
    }
  }

  /** The payload of an Identify or Resume, or null after closing a connection that is already in a session or sent no object. */
  private loginPayload(conn: Connection, d: unknown): JsonObject | null {
    if (conn.session) {
      this.closeConn(conn, GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
      return null;
    }
    if (!isRecord(d)) {
      this.closeConn(conn, GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return null;
    }
    return d;
  }

  private onIdentify(conn: Connection, payload: unknown): void {
    const d = this.loginPayload(conn, payload);
    if (!d) return;
    const token = typeof d['token'] === 'string' ? d['token'] : '';
    const intents = d['intents'];
    const rawShard = d['shard'];
    const shard: [number, number] | undefined = Array.isArray(rawShard) && typeof rawShard[0] === 'number' && typeof rawShard[1] === 'number' ? [rawShard[0], rawShard[1]] : undefined;
    this.identifies.push({
      token,
      intents: typeof intents === 'number' ? intents : Number.NaN,
      properties: isRecord(d['properties']) ? d['properties'] : {},
      ...(shard ? { shard } : {}),
      raw: d,
      at: Date.now(),
    });
    if (token !== this.options.token) {
      this.closeConn(conn, GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    if (typeof intents !== 'number' || !Number.isInteger(intents) || intents < 0 || (intents & ~ALL_INTENTS) !== 0) {
      this.closeConn(conn, GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).');
      return;
    }
    if ((intents & PRIVILEGED_INTENTS & ~this.options.privilegedIntents) !== 0) {
      this.closeConn(conn, GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
      return;
    }
    const session: Session = { id: this.options.newSessionId(), intents, seq: 0, buffer: [], conn, valid: true };
    this.sessions.set(session.id, session);
    conn.session = session;
    this.deliver(session, GatewayDispatchEvents.Ready, this.options.readyPayload(session.id));
  }

  private onResume(conn: Connection, payload: unknown): void {
    const d = this.loginPayload(conn, payload);
    if (!d) return;
    const sessionId = typeof d['session_id'] === 'string' ? d['session_id'] : '';
    const seq = typeof d['seq'] === 'number' ? d['seq'] : 0;
    const at = Date.now();
    if (d['token'] !== this.options.token) {
      this.resumes.push({ sessionId, seq, outcome: 'auth-failed', replayed: 0, at });
      this.closeConn(conn, GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    const session = this.sessions.get(sessionId);
    if (!session || !session.valid) {
      this.resumes.push({ sessionId, seq, outcome: 'invalid-session', replayed: 0, at });
      this.send(conn, { op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
      return;
    }
    const previous = session.conn;
    if (previous && previous !== conn) {
      previous.session = null;
      this.closeConn(previous, 4000, 'Session resumed elsewhere.');
    }
    session.conn = conn;
    conn.session = session;
    const missed = session.buffer.filter((event) => event.s > seq);
    for (const event of missed) this.send(conn, { op: GatewayOpcodes.Dispatch, t: event.t, s: event.s, d: event.d });
    this.resumes.push({ sessionId, seq, outcome: 'resumed', replayed: missed.length, at });
    this.deliver(session, GatewayDispatchEvents.Resumed, {});
  }

  private deliver(session: Session, t: string, d: object): void {
    session.seq += 1;
    const event: BufferedEvent = { s: session.seq, t, d };
    session.buffer.push(event);
    if (session.buffer.length > REPLAY_BUFFER) session.buffer.shift();
    const conn = session.conn;
    if (conn && conn.ws.readyState === conn.ws.OPEN) this.send(conn, { op: GatewayOpcodes.Dispatch, t, s: event.s, d });
  }

  /**
   * Dispatches an event to every resumable session whose intents include `requiredIntent`
   * (0 = no intent needed). Sessions that are momentarily disconnected get it on RESUME.
   * Returns the number of sessions it was queued for.
   */
  dispatch(t: string, d: object, requiredIntent: number): number {
    let count = 0;
    for (const session of this.sessions.values()) {
      if (!session.valid) continue;
      if (requiredIntent !== 0 && (session.intents & requiredIntent) === 0) continue;
      this.deliver(session, t, d);
      count += 1;
    }
    return count;
  }

  /**
   * Closes every gateway socket with `code` (default 4000 "unknown error": discord.js resumes).
   * 1006 terminates the TCP connection without a close frame, like a network drop.
   * With `resumable: false` the sessions are invalidated, so a RESUME gets op 9 (d: false) and the
   * client re-identifies (discord.js waits for its 5 s identify throttle) — events in between are lost.
   */
  drop(code = 4000, resumable = true): number {
    if (!resumable) for (const session of this.sessions.values()) session.valid = false;
    const conns = [...this.connections];
    for (const conn of conns) {
      if (code === 1006) {
        conn.closedByServer = true;
        conn.ws.terminate();
      } else {
        this.closeConn(conn, code, 'Dropped by the test');
      }
    }
    return conns.length;
  }

  /** Sends op 7 RECONNECT to every socket: discord.js closes with 4200 and resumes. */
  requestReconnect(): void {
    for (const conn of this.connections) this.send(conn, { op: GatewayOpcodes.Reconnect, d: null, s: null, t: null });
  }

  /** Stops acknowledging heartbeats (zombie connection): discord.js then reconnects and resumes. */
  setHeartbeatAcks(enabled: boolean): void {
    this.heartbeatAcks = enabled;
  }

  /** Outage: refuse new upgrades with 503 and cut the open sockets (sessions stay resumable). */
  setRefusing(refusing: boolean): void {
    this.refusing = refusing;
    if (refusing) this.drop(1006);
  }

  close(): void {
    for (const conn of this.connections) {
      conn.closedByServer = true;
      conn.ws.terminate();
    }
    this.connections.clear();
    this.wss.close();
  }

  private send(conn: Connection, payload: object): void {
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(JSON.stringify(payload));
  }

  private closeConn(conn: Connection, code: number, reason: string): void {
    conn.closedByServer = true;
    if (conn.ws.readyState === conn.ws.OPEN || conn.ws.readyState === conn.ws.CONNECTING) conn.ws.close(code, reason);
  }
}

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
