/**
 * `mantra doctor`: what works and what does not, one line each. It only reads: a corrupt
 * document is reported, not moved (the next start does that).
 */
import { accessSync, constants as fsConstants, existsSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describeIssues } from '../../shared/api.js';
import type { NotifyChannel } from '../channels/notify.js';
import type { DiscordStatus } from '../../shared/api.js';
import type { ElectronRuntime } from '../launch.js';
import { errorText } from '../logger.js';
import { dataFiles } from '../store/data-dir.js';
import { documentSchema, type ProfileRecord } from '../store/document.js';
import { readLogFile, readLogFileFrom } from '../store/encounter-log-file.js';
import { algorithmFor } from '../../shared/algorithms.js';
import { agreesWithLog, type LogAgreement } from '../engine/journal.js';
import { askRunning } from '../hosts/single-instance.js';
import { describeChanges } from '../store/rebuild.js';

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

function dataDirCheck(dataDir: string): DoctorCheck {
  const label = 'data directory';
  if (existsSync(dataDir)) {
    if (!statSync(dataDir).isDirectory()) return { ok: false, label, detail: `${dataDir} is a file, not a directory` };
    return writable(dataDir) ? { ok: true, label, detail: `${dataDir} (writable)` } : { ok: false, label, detail: `${dataDir} is not writable` };
  }
  let parent = dirname(dataDir);
  while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent);
  return writable(parent)
    ? { ok: null, label, detail: `${dataDir} does not exist yet; it is created at first start` }
    : { ok: false, label, detail: `${dataDir} does not exist and cannot be created (${parent} is not writable); set MANTRA_DATA_DIR` };
}

/** The invariant: the saved state is the replay of the log (up to the mark it records). */
function invariantCheck(files: ReturnType<typeof dataFiles>, id: string, record: ProfileRecord): DoctorCheck {
  const label = `state of "${id}"`;
  const reader = { readLogFrom: (profileId: string, from: number) => readLogFileFrom(files.log(profileId), from), appendLog: () => undefined };
  let a: LogAgreement;
  try {
    a = agreesWithLog(reader, id, record, algorithmFor(record.settings.learner).learner);
  } catch (e) {
    return { ok: false, label, detail: `cannot read its log: ${errorText(e)}` };
  }
  if (!a.agrees)
    return { ok: false, label, detail: `disagrees with the log (${describeChanges(record.state, a.expected).join('; ') || 'its mark does not fit the log'}); the next start rebuilds it from the log` };
  return {
    ok: true,
    label,
    detail: a.pending > 0 ? `agrees with the log; ${a.pending} entr${a.pending === 1 ? 'y' : 'ies'} written after the last save are replayed at the next start` : 'agrees with the log',
  };
}

function dataChecks(dataDir: string): DoctorCheck[] {
  const files = dataFiles(dataDir);
  const checks: DoctorCheck[] = [];
  if (existsSync(files.document)) {
    try {
      const r = documentSchema.safeParse(JSON.parse(readFileSync(files.document, 'utf8')));
      checks.push(
        r.success
          ? { ok: true, label: 'settings and state', detail: `${Object.keys(r.data.profiles).length} profile(s) in ${files.document}` }
          : {
              ok: false,
              label: 'settings and state',
              detail: `${files.document} is invalid (${describeIssues(r.error.issues)}); the next start moves it aside, keeps what still parses and rebuilds from the logs`,
            },
      );
      if (r.success) for (const [id, record] of Object.entries(r.data.profiles)) checks.push(invariantCheck(files, id, record));
    } catch (e) {
      checks.push({ ok: false, label: 'settings and state', detail: `${files.document} is not JSON (${errorText(e)}); the next start moves it aside and rebuilds from the logs` });
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
      if (!writable) checks.push({ ok: false, label: `log ${file}`, detail: `${path} cannot be written: every delivery and answer would fail to save (fix its owner or mode: chmod 600)` });
      else
        checks.push({
          ok: skipped.length === 0 ? true : null,
          label: `log ${file}`,
          detail: `${entries.length} entries${skipped.length ? `; ${skipped.length} unreadable line(s) skipped: ${skipped.join('; ')}` : ''}`,
        });
    }
  }
  if (existsSync(files.accessToken)) {
    const loose = (statSync(files.accessToken).mode & 0o077) !== 0;
    checks.push({ ok: loose ? false : true, label: 'access token', detail: loose ? `${files.accessToken} is readable by others (the next serve tightens it to 0600)` : `${files.accessToken} (0600)` });
  }
  return checks;
}

export function discordCheck(s: DiscordStatus): DoctorCheck {
  const ok = s.connection === 'connected' ? true : s.connection === 'bad-token' || s.connection === 'cannot-dm' || s.connection === 'error' ? false : null;
  return { ok, label: 'Discord mirror', detail: `${s.connection}: ${s.detail}` };
}

export async function runDoctor(deps: DoctorDeps): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [dataDirCheck(deps.dataDir), ...dataChecks(deps.dataDir)];
  const running = await askRunning(deps.dataDir, { kind: 'hello' }).catch(() => null);
  if (running?.ok) {
    const where = `${running.info.role}, pid ${running.info.pid}${running.info.url ? `, ${running.info.url}` : ''}`;
    checks.push(
      running.done.length > 0 ? { ok: false, label: 'running Mantra', detail: `${where}: ${running.done.join('; ')}` } : { ok: true, label: 'running Mantra', detail: `${where}: saving works` },
    );
  }
  try {
    const n = await deps.notify.check();
    checks.push({ ok: n.ok, label: 'desktop notifications', detail: `${n.backend}: ${n.detail}` });
  } catch (e) {
    checks.push({ ok: false, label: 'desktop notifications', detail: errorText(e) });
  }
  checks.push(discordCheck(await deps.discordStatus()));
  const electron = deps.electron();
  checks.push(
    electron.ok
      ? { ok: true, label: 'Electron runtime', detail: electron.binary }
      : { ok: null, label: 'Electron runtime', detail: `not available (${electron.reason}); \`mantra start\` runs the headless host instead` },
  );
  checks.push(
    existsSync(deps.rendererIndex)
      ? { ok: true, label: 'window (renderer)', detail: `built at ${dirname(deps.rendererIndex)}` }
      : { ok: null, label: 'window (renderer)', detail: 'not built; run `npm run build:renderer` (the API works without it)' },
  );
  return checks;
}
