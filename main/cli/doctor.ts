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
import { documentSchema } from '../store/document.js';
import { readLogFile } from '../store/encounter-log-file.js';

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

function dataChecks(dataDir: string): DoctorCheck[] {
  const files = dataFiles(dataDir);
  const checks: DoctorCheck[] = [];
  if (existsSync(files.document)) {
    try {
      const r = documentSchema.safeParse(JSON.parse(readFileSync(files.document, 'utf8')));
      checks.push(
        r.success
          ? { ok: true, label: 'settings and state', detail: `${Object.keys(r.data.profiles).length} profile(s) in ${files.document}` }
          : { ok: false, label: 'settings and state', detail: `${files.document} is invalid (${describeIssues(r.error.issues)}); the next start moves it aside and rebuilds from the logs` },
      );
    } catch (e) {
      checks.push({ ok: false, label: 'settings and state', detail: `${files.document} is not JSON (${errorText(e)}); the next start moves it aside and rebuilds from the logs` });
    }
  }
  if (existsSync(files.logs)) {
    for (const file of readdirSync(files.logs).filter((f) => f.endsWith('.jsonl'))) {
      const { entries, skipped } = readLogFile(join(files.logs, file));
      checks.push({ ok: skipped.length === 0 ? true : null, label: `log ${file}`, detail: `${entries.length} entries${skipped.length ? `; ${skipped.length} unreadable line(s) skipped: ${skipped.join('; ')}` : ''}` });
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
