/**
 * `mantra doctor`: what works and what does not, one line each. It only reads: a corrupt
 * document is reported, not moved (the next start does that).
 */
import { discordStatusWords } from '../../shared/i18n/discord-status-words.js';
import { accessSync, constants as fsConstants, existsSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describeIssues } from '../../shared/api.js';
import type { NotifyChannel, NotifySaid } from '../channels/notify.js';
import type { DiscordStatus } from '../../shared/api.js';
import { electronWords, type ElectronRuntime } from '../launch.js';
import { errorText } from '../logger.js';
import { dataFiles } from '../store/data-dir.js';
import { documentSchema, type ProfileRecord } from '../store/document.js';
import { readLogFile, readLogFileFrom } from '../store/encounter-log-file.js';
import { algorithmFor } from '../../shared/algorithms.js';
import { agreesWithLog, type LogAgreement } from '../engine/journal.js';
import { askRunning, replyLineWords } from '../hosts/single-instance.js';
import { describeChanges } from '../store/rebuild.js';
import { translator, type TFunction } from '../../shared/i18n/i18n.js';

const ENGLISH = translator('en');

/** ok: true works, false broken, null worth knowing but not a fault. */
export interface DoctorCheck {
  readonly ok: boolean | null;
  readonly label: string;
  readonly detail: string;
}

export interface DoctorDeps {
  readonly dataDir: string;
  readonly notify: NotifyChannel;
  /** The Discord mirror's status as far as it can be known here. */
  readonly discordStatus: () => Promise<DiscordStatus>;
  readonly electron: () => ElectronRuntime;
  /** The built renderer's index.html. */
  readonly rendererIndex: string;
  /** The language of the labels and details (the CLI's); English when not given. */
  readonly t?: TFunction;
}

export function formatCheck(c: DoctorCheck): string {
  return `${c.ok === true ? '✓' : c.ok === false ? '✗' : '○'} ${c.label}: ${c.detail}`;
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, fsConstants.W_OK);
    const probe = join(dir, `.doctor-probe-${process.pid}`);
    writeFileSync(probe, '');
    unlinkSync(probe);
    return true;
  } catch {
    return false;
  }
}

function dataDirCheck(dataDir: string, t: TFunction): DoctorCheck {
  const label = t('doctor.label.dataDir');
  const dir = dataDir;
  if (existsSync(dataDir)) {
    if (!statSync(dataDir).isDirectory()) return { ok: false, label, detail: t('doctor.dirIsFile', { dir }) };
    return writable(dataDir) ? { ok: true, label, detail: t('doctor.dirWritable', { dir }) } : { ok: false, label, detail: t('doctor.dirNotWritable', { dir }) };
  }
  let parent = dirname(dataDir);
  while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent);
  return writable(parent) ? { ok: null, label, detail: t('doctor.dirLater', { dir }) } : { ok: false, label, detail: t('doctor.dirCannot', { dir, parent }) };
}

/** The invariant: the saved state is the replay of the log (up to the mark it records). */
function invariantCheck(files: ReturnType<typeof dataFiles>, id: string, record: ProfileRecord, t: TFunction): DoctorCheck {
  const label = t('doctor.label.state', { id });
  const reader = { readLogFrom: (profileId: string, from: number) => readLogFileFrom(files.log(profileId), from), appendLog: () => undefined };
  let a: LogAgreement;
  try {
    a = agreesWithLog(reader, id, record, algorithmFor(record.settings.learner).learner);
  } catch (e) {
    return { ok: false, label, detail: t('doctor.logUnreadable', { error: errorText(e) }) };
  }
  // The changed fields are named as the state calls them (rebuild prints the same list).
  if (!a.agrees) return { ok: false, label, detail: t('doctor.disagrees', { changes: describeChanges(record.state, a.expected).join('; ') || t('doctor.markMismatch') }) };
  return { ok: true, label, detail: a.pending > 0 ? t('doctor.agreesPending', { count: a.pending }) : t('doctor.agrees') };
}

function dataChecks(dataDir: string, t: TFunction): DoctorCheck[] {
  const files = dataFiles(dataDir);
  const checks: DoctorCheck[] = [];
  const document = t('doctor.label.document');
  const documentFile = files.document;
  if (existsSync(files.document)) {
    try {
      const r = documentSchema.safeParse(JSON.parse(readFileSync(files.document, 'utf8')));
      checks.push(
        r.success
          ? { ok: true, label: document, detail: t('doctor.profiles', { count: Object.keys(r.data.profiles).length, file: documentFile }) }
          : { ok: false, label: document, detail: t('doctor.documentInvalid', { file: documentFile, issues: describeIssues(r.error.issues) }) },
      );
      if (r.success) for (const [id, record] of Object.entries(r.data.profiles)) checks.push(invariantCheck(files, id, record, t));
    } catch (e) {
      checks.push({ ok: false, label: document, detail: t('doctor.documentNotJson', { file: documentFile, error: errorText(e) }) });
    }
  }
  if (existsSync(files.logs)) {
    for (const file of readdirSync(files.logs).filter((f) => f.endsWith('.jsonl'))) {
      const path = join(files.logs, file);
      const { entries, skipped } = readLogFile(path);
      let writable = true;
      try {
        accessSync(path, fsConstants.W_OK);
      } catch {
        writable = false;
      }
      const label = t('doctor.label.log', { file });
      if (!writable) checks.push({ ok: false, label, detail: t('doctor.logNotWritable', { path }) });
      else
        checks.push({
          ok: skipped.length === 0 ? true : null,
          label,
          detail: t('doctor.logEntries', { count: entries.length }) + (skipped.length ? t('doctor.logSkipped', { count: skipped.length, list: skipped.join('; ') }) : ''),
        });
    }
  }
  if (existsSync(files.accessToken)) {
    const loose = (statSync(files.accessToken).mode & 0o077) !== 0;
    const token = { file: files.accessToken };
    checks.push({ ok: loose ? false : true, label: t('doctor.label.accessToken'), detail: loose ? t('doctor.tokenLoose', token) : t('doctor.tokenTight', token) });
  }
  return checks;
}

const CONNECTION_KEY = {
  off: 'off',
  connecting: 'connecting',
  connected: 'connected',
  reconnecting: 'reconnecting',
  'bad-token': 'badToken',
  'cannot-dm': 'cannotDm',
  error: 'error',
} as const satisfies Record<DiscordStatus['connection'], string>;

export function discordCheck(s: DiscordStatus, t: TFunction = ENGLISH): DoctorCheck {
  const ok = s.connection === 'connected' ? true : s.connection === 'bad-token' || s.connection === 'cannot-dm' || s.connection === 'error' ? false : null;
  return { ok, label: t('doctor.label.discord'), detail: `${t(`doctor.connection.${CONNECTION_KEY[s.connection]}`)}: ${discordStatusWords(s, t)}` };
}

export async function runDoctor(deps: DoctorDeps): Promise<DoctorCheck[]> {
  const t = deps.t ?? ENGLISH;
  const checks: DoctorCheck[] = [dataDirCheck(deps.dataDir, t), ...dataChecks(deps.dataDir, t)];
  const running = await askRunning(deps.dataDir, { kind: 'hello' }).catch(() => null);
  if (running?.ok) {
    const where = `${t('doctor.runningWhere', { role: running.info.role, pid: running.info.pid })}${running.info.url ? `, ${running.info.url}` : ''}`;
    const label = t('doctor.label.running');
    // The running host's failing write, as data, in the CLI's language.
    checks.push(
      running.done.length > 0 ? { ok: false, label, detail: `${where}: ${running.done.map((l) => replyLineWords(l, t)).join('; ')}` } : { ok: true, label, detail: t('doctor.savingWorks', { where }) },
    );
  }
  const notifications = t('doctor.label.notifications');
  try {
    const n = await deps.notify.check();
    checks.push({ ok: n.ok, label: notifications, detail: `${n.backend}: ${n.said ? notifyWords(n.said, n.backend, t) : n.detail}` });
  } catch (e) {
    checks.push({ ok: false, label: notifications, detail: errorText(e) });
  }
  checks.push(discordCheck(await deps.discordStatus(), t));
  const electron = deps.electron();
  const runtime = t('doctor.label.electron');
  checks.push(electron.ok ? { ok: true, label: runtime, detail: electron.binary } : { ok: null, label: runtime, detail: t('doctor.electronMissing', { reason: electronWords(electron, t) }) });
  const renderer = t('doctor.label.renderer');
  checks.push(
    existsSync(deps.rendererIndex)
      ? { ok: true, label: renderer, detail: t('doctor.rendererBuilt', { dir: dirname(deps.rendererIndex) }) }
      : { ok: null, label: renderer, detail: t('doctor.rendererMissing') },
  );
  return checks;
}

/** The notification backend's state in the CLI's language; the daemon's own answer stays as it came. */
export function notifyWords(said: NotifySaid, backend: string, t: TFunction): string {
  switch (said.key) {
    case 'bundled':
      return t('terminal.notify.bundled', { backend });
    case 'notifySendMissing':
      return t('terminal.notify.notifySendMissing');
    case 'notProbed':
      return t('terminal.notify.notProbed', { bin: said.bin });
    case 'daemon':
      return `${said.bin}; ${t('terminal.notify.daemon', { name: said.name, version: said.version, vendor: said.vendor })}`;
    case 'noDaemon':
      return `${said.bin}; ${t('terminal.notify.noDaemon', { reason: said.reason })}`;
  }
}
