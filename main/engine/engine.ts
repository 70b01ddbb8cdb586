/**
 * The running heart: owns profiles, keeps exactly one timer per profile at its next event,
 * applies the domain reducers and performs their effects in order (log, save, channels, arm).
 * Nothing polls; after sleep, a clock jump or a restart, `rearm` recomputes from wall-clock time.
 */
import { algorithmFor } from '../../shared/algorithms.js';
import { ApiError, type ImportResult, type MantraPreview, type Notice, type PauseInput, type Snapshot, type ThemeSummary } from '../../shared/api.js';
import * as encounter from '../../shared/encounter.js';
import type { Algorithm, AnswerVerdict, EncounterContext, Step } from '../../shared/encounter.js';
import type { LogEntry } from '../../shared/encounter-log.js';
import { createRng, deriveSeed, type Rng } from '../../shared/random.js';
import { pauseEnd } from '../../shared/status.js';
import { deliveryModeOf, localePreferencesOf, type Channel, type LearnerChoice, type ProfileSettings, type ProfileSettingsPatch } from '../../shared/settings.js';
import type { Stats } from '../../shared/stats.js';
import { resolveTimeZone, systemTimeZone } from '../../shared/zone.js';
import { ChannelDispatch } from './channel-dispatch.js';
import { systemClock, type Clock } from './clock.js';
import { discordUnavailable, type ChannelContext, type DeliveryChannel, type DeliveryGate, type DiscordControl } from './ports.js';
import { performEffects } from './effects.js';
import { EngineEvents, type EngineListener } from './events.js';
import { LogIndex } from './log-index.js';
import { consoleLogger, errorText, type Logger } from '../logger.js';
import { applySettingsPatch, scheduleChange } from './settings-change.js';
import { buildSnapshot } from './snapshot.js';
import { profileIdSchema } from '../store/profile-id.js';
import { newProfileRecord, type ProfileRecord } from '../store/document.js';
import type { Store } from '../store/store.js';
import { ThemeShelf } from './theme-shelf.js';
import { Journal } from './journal.js';

export type { AnswerReport, ChannelContext, Delivery, DeliveryChannel, DeliveryGate, DisableOffer, Disabling, DiscordControl, GateContext, SettleOutcome, Settlement } from './ports.js';
export { discordUnavailable } from './ports.js';
export type { EngineListener } from './events.js';

/** The log could not be written: nothing changed; the caller is told, and scheduled work is retried. */
export class WriteFailed extends ApiError {
  constructor(detail: string) {
    super(`Mantra could not save this, so nothing changed (${detail}). It keeps trying by itself; free some disk space or check the data directory's permissions.`, 'internal', {
      reason: 'writeFailed',
    });
    this.name = 'WriteFailed';
  }
}

export interface EngineOptions {
  readonly store: Store;
  readonly clock?: Clock;
  readonly channels?: readonly DeliveryChannel[];
  readonly logger?: Logger;
  /** For wording in the UI only. */
  readonly host?: Snapshot['host'];
  readonly discord?: DiscordControl;
  /** The zone used when a profile has none set; default: the system's. */
  readonly systemTimeZone?: () => string | undefined;
  readonly algorithm?: Algorithm;
  /** Holds scheduled deliveries (e.g. while the user is away); none: never held. */
  readonly gate?: DeliveryGate;
}

interface LiveProfile {
  readonly id: string;
  record: ProfileRecord;
  disarm: (() => void) | null;
  /** Wakes in a row that failed (a thrown reducer, a log that cannot be written): the retry waits longer each time. */
  failedWakes: number;
}

/** A failed wake is tried again after 1 s, 2 s, 4 s ... at most 5 minutes. */
export function retryDelayMs(failures: number): number {
  return Math.min(5 * 60_000, 1000 * 2 ** Math.max(0, Math.min(failures - 1, 20)));
}

/** A write that failed, as the window, the tray and doctor show it. */
export interface WriteProblem {
  readonly detail: string;
  readonly since: number;
  readonly failures: number;
}

/** Where no zone finder is installed (tests, the component suite's engine): what Intl says. */
const intlSystemZone = (): string | undefined => Intl.DateTimeFormat().resolvedOptions().timeZone;

export class Engine {
  readonly store: Store;
  readonly clock: Clock;
  readonly themes: ThemeShelf;
  private readonly logger: Logger;
  private readonly host: Snapshot['host'];
  private readonly systemTimeZone: () => string | undefined;
  /** Forced for every profile (tests, benches); otherwise each profile's learner setting decides. */
  private readonly algorithm: Algorithm | undefined;
  private readonly gate: DeliveryGate | undefined;
  private readonly dispatch: ChannelDispatch;
  private readonly profiles = new Map<string, LiveProfile>();
  private readonly events: EngineEvents;
  private readonly logIndex: LogIndex;
  private discordControl: DiscordControl;
  private readonly journal: Journal;
  private problem: WriteProblem | null = null;
  private started = false;
  /** The system zone, looked up once per re-arm (a moved machine re-arms), not on every wake of every profile. */
  private systemZone: string | undefined;

  constructor(options: EngineOptions) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? consoleLogger;
    this.host = options.host ?? 'headless';
    this.discordControl = options.discord ?? discordUnavailable;
    this.systemTimeZone = options.systemTimeZone ?? (() => systemTimeZone(intlSystemZone));
    this.systemZone = this.systemTimeZone();
    this.algorithm = options.algorithm;
    this.gate = options.gate;
    this.dispatch = new ChannelDispatch(this.logger);
    this.events = new EngineEvents(this.logger);
    this.logIndex = new LogIndex(this.store, this.logger);
    this.journal = new Journal(this.store, (record) => this.algorithmOf(record.settings).learner);
    this.themes = new ThemeShelf(this.store.themePacks, this.logger);
    for (const channel of options.channels ?? []) this.dispatch.add(channel);
  }

  /** Loads every stored profile and arms its timer, doing at once whatever came due while stopped. */
  start(): void {
    // Catching up with the logs may save many records: one transaction where the store has them.
    this.together(() => {
      for (const id of this.store.profileIds()) this.live(id);
    });
    this.started = true;
    this.rearm('start');
  }

  /** Many profiles changing at once (start, re-arm): written together where the store can. */
  private together(fn: () => void): void {
    if (this.store.batch) this.store.batch(fn);
    else fn();
  }

  /** Cancels all timers, lets channels finish (at most `channelGraceMs`) and writes the store. */
  async stop(channelGraceMs = 2000): Promise<void> {
    this.started = false;
    for (const p of this.profiles.values()) this.disarm(p);
    await this.dispatch.idle(channelGraceMs);
    this.logIndex.saveAll(this.clock.now());
    await this.store.flush();
  }

  /** Recomputes every profile from wall-clock time: after resume from sleep, a clock change, a restart. */
  rearm(reason: string): void {
    this.systemZone = this.systemTimeZone();
    this.together(() => {
      for (const p of this.profiles.values()) this.wake(p);
    });
    if (reason !== 'start') this.logger.info(`timers re-armed (${reason})`);
  }

  profileIds(): string[] {
    return [...this.profiles.keys()];
  }

  hasProfile(profileId: string): boolean {
    return this.profiles.has(profileId);
  }

  /** The profile, created with default settings (and a fresh random seed) when new. */
  ensureProfile(profileId: string): Snapshot {
    this.live(profileId, true);
    return this.snapshot(profileId);
  }

  addChannel(channel: DeliveryChannel): () => void {
    return this.dispatch.add(channel);
  }

  /** Resolves once every channel call queued so far has finished. */
  channelsIdle(): Promise<void> {
    return this.dispatch.idle();
  }

  get discord(): DiscordControl {
    return this.discordControl;
  }

  useDiscord(control: DiscordControl): void {
    this.discordControl = control;
    for (const id of this.profiles.keys()) this.emitSnapshot(id);
  }

  /** Live events of every profile; returns the unsubscribe function. */
  subscribe(listener: EngineListener): () => void {
    return this.events.subscribe(listener);
  }

  /** The write that is failing now, or null: told to the user by the window, the tray and doctor. */
  get writeProblem(): WriteProblem | null {
    return this.problem;
  }

  private readonly hostNotices = new Map<string, { text: string; parts: Pick<Notice, 'shortcut'> }>();

  /** A banner the host needs shown (English `text`, and the parts the window words), or null to take it down. */
  setHostNotice(id: string, text: string | null, parts: Pick<Notice, 'shortcut'> = {}): void {
    if ((this.hostNotices.get(id)?.text ?? null) === text) return;
    if (text === null) this.hostNotices.delete(id);
    else this.hostNotices.set(id, { text, parts });
    for (const profileId of this.profiles.keys()) this.emitSnapshot(profileId);
  }

  /** What the window shows as banners: a failing write, what opening the store had to reset, and what the host says. */
  private notices(): Notice[] {
    const notices: Notice[] = (this.store.notes ?? []).map((n, i) => ({ id: `store-${i}`, kind: 'settings-reset', text: n.text, settingsReset: n.settingsReset }));
    for (const [id, n] of this.hostNotices) notices.push({ id: `host-${id}`, kind: 'host', text: n.text, ...n.parts });
    if (this.problem)
      notices.unshift({
        id: 'write-failed',
        kind: 'write-failed',
        text: `Mantra cannot save: ${this.problem.detail}. Nothing is lost; it tries again by itself (${this.problem.failures} failed attempt${this.problem.failures === 1 ? '' : 's'} since ${new Date(this.problem.since).toISOString()}).`,
        writeFailed: { detail: this.problem.detail, failures: this.problem.failures, since: this.problem.since },
      });
    return notices;
  }

  snapshot(profileId: string): Snapshot {
    const p = this.get(profileId);
    return buildSnapshot({
      profileId,
      now: this.clock.now(),
      timeZone: this.timeZoneOf(p),
      settings: p.record.settings,
      state: p.record.state,
      discord: this.discordControl.status(),
      host: this.host,
      notices: this.notices(),
    });
  }

  enroll(profileId: string): Snapshot {
    return this.act(profileId, (p, ctx, now) => encounter.enroll(p.record.state, ctx, now));
  }

  unenroll(profileId: string): Snapshot {
    return this.act(profileId, (p, ctx, now) => encounter.unenroll(p.record.state, ctx, now));
  }

  deliverNow(profileId: string): Snapshot {
    return this.act(profileId, (p, ctx, now) => encounter.deliverNow(p.record.state, ctx, now, this.rngOf(p)));
  }

  skip(profileId: string): Snapshot {
    return this.act(profileId, (p, ctx, now) => encounter.skip(p.record.state, ctx, now));
  }

  pause(profileId: string, input: PauseInput): Snapshot {
    return this.act(profileId, (p, ctx, now) => encounter.pause(p.record.state, ctx, pauseEnd(input, ctx, now), now));
  }

  /** Hides the out mantra for `minutes`; it comes back with its deadline moved by as much. */
  snooze(profileId: string, minutes: number): Snapshot {
    return this.act(profileId, (p, ctx, now) => encounter.snooze(p.record.state, ctx, minutes, now));
  }

  resume(profileId: string): Snapshot {
    return this.act(profileId, (p, ctx, now) => encounter.resume(p.record.state, ctx, now));
  }

  /** An answer from any channel; a wrong answer gives a verdict with accepted: false. */
  answer(profileId: string, text: string, channel: Channel): AnswerVerdict {
    const p = this.get(profileId);
    this.wake(p);
    const step = encounter.answer(p.record.state, this.contextOf(p), { text, channel }, this.clock.now());
    if (step.error !== undefined) throw new ApiError(step.error, 'refused', step.reason !== undefined ? { reason: step.reason } : {});
    this.perform(p, step);
    const result = step.effects.find((e) => e.kind === 'answerResult');
    if (result?.kind !== 'answerResult') throw new ApiError('the answer gave no verdict', 'internal');
    return result.verdict;
  }

  /**
   * Changes settings (validated; unknown themes refused); a mode or time-zone change reschedules.
   * One save keeps it all: the settings, a new learner's relearned state and the rescheduled send time.
   */
  updateSettings(profileId: string, patch: ProfileSettingsPatch): Snapshot {
    const p = this.get(profileId);
    const before = p.record;
    const settings = applySettingsPatch(before.settings, patch, this.themes.library);
    p.record = before.settings.learner !== settings.learner ? this.withOwnLearner(p.id, { ...before, settings }) : { ...before, settings };
    const reason = scheduleChange(before.settings, settings);
    if (reason) {
      const step = encounter.reschedule(p.record.state, this.contextOf(p), this.clock.now(), reason);
      try {
        // The rescheduled entry is logged first (write-ahead); the record is saved once below, with the settings.
        this.perform(p, { ...step, effects: step.effects.filter((e) => e.kind !== 'save') });
      } catch (e) {
        // WriteFailed says nothing changed: so the settings are not changed either.
        p.record = before;
        throw e;
      }
    }
    try {
      this.store.put(p.id, p.record);
    } catch (e) {
      // With nothing logged, nothing changed: the settings go back too. A logged reschedule
      // stays in memory, as the log (the truth) already says it happened.
      if (!reason) p.record = before;
      this.writeFailed(e);
      throw new WriteFailed(errorText(e));
    }
    this.writeWorks();
    this.wake(p);
    this.emitSnapshot(p.id);
    return this.snapshot(p.id);
  }

  toggleFavorite(profileId: string, template: string): Snapshot {
    const { favorites } = this.get(profileId).record.settings;
    const next = favorites.includes(template) ? favorites.filter((t) => t !== template) : [...favorites, template];
    return this.updateSettings(profileId, { favorites: next });
  }

  listThemes(profileId: string): ThemeSummary[] {
    return this.themes.summaries(this.get(profileId).record.settings.themes);
  }

  previewTheme(profileId: string, themeId: string): MantraPreview[] {
    const { settings } = this.get(profileId).record;
    return this.themes.preview(themeId, settings, settings.favorites);
  }

  importThemePack(json: string): ImportResult {
    const result = this.themes.import(json);
    if (result.ok) for (const id of this.profiles.keys()) this.emitSnapshot(id);
    return result;
  }

  /** From the in-memory index: the log is read once per profile (or only its new part, with a saved index). */
  stats(profileId: string): Stats {
    const p = this.get(profileId);
    return this.logIndex.stats(profileId, this.clock.now(), this.timeZoneOf(p));
  }

  /** The last `limit` log entries, oldest first; only those are read. */
  log(profileId: string, limit: number): LogEntry[] {
    this.get(profileId);
    return this.store.readLogTail(profileId, limit);
  }

  /** Asks windows to show the answer page (a notification was clicked, a tray item chosen). */
  requestAnswer(profileId: string): void {
    this.events.emit(profileId, { type: 'openAnswer' });
  }

  private get(profileId: string): LiveProfile {
    const p = this.profiles.get(profileId);
    if (!p) throw new ApiError(`no profile "${profileId}"`, 'not-found', { reason: 'noProfile', params: { profile: profileId } });
    return p;
  }

  private live(profileId: string, create = false): LiveProfile {
    const known = this.profiles.get(profileId);
    if (known) return known;
    let record = this.store.get(profileIdSchema.parse(profileId));
    if (!record) {
      if (!create) throw new ApiError(`no profile "${profileId}"`, 'not-found', { reason: 'noProfile', params: { profile: profileId } });
      record = newProfileRecord();
    }
    // The saved state may lag the log (a crash before the save): catch up before anything else.
    const recovered = this.journal.recover(profileId, record);
    if (recovered.replayed > 0 && (recovered.rebuilt || JSON.stringify(recovered.record.state) !== JSON.stringify(record.state))) {
      this.logger.info(
        `profile "${profileId}": ${recovered.rebuilt ? `state rebuilt from all ${recovered.replayed} log entries` : `replayed ${recovered.replayed} log entr${recovered.replayed === 1 ? 'y' : 'ies'} written after the last save`}`,
      );
    }
    const fresh = record !== recovered.record && JSON.stringify(record) !== JSON.stringify(recovered.record);
    const own = this.withOwnLearner(profileId, recovered.record, recovered.rebuilt);
    // Caught up, relearned or new: one save for all of it.
    if (fresh || own !== recovered.record || !this.store.get(profileId)) this.saveRecord(profileId, own);
    const p: LiveProfile = { id: profileId, record: own, disarm: null, failedWakes: 0 };
    this.profiles.set(profileId, p);
    if (this.started) this.wake(p);
    return p;
  }

  private algorithmOf(settings: ProfileSettings): Algorithm {
    return this.algorithm ?? algorithmFor(settings.learner);
  }

  /**
   * A state learned by another learner (a profile from before the default learner, or the
   * learner setting just changed) is rebuilt by replaying the log with this profile's
   * learner: nothing is lost, and the result is what live use of that learner gives.
   * The record says whose replay its state is (`learnedBy`), so a state this learner made is
   * never rebuilt, learned anything yet or not. `replayedWhole`: the journal just replayed
   * the whole log with this learner. The same record when it needs nothing; the caller saves
   * a changed one.
   */
  private withOwnLearner(profileId: string, record: ProfileRecord, replayedWhole = false): ProfileRecord {
    const learner = this.algorithmOf(record.settings).learner;
    const kind: LearnerChoice = learner.windows ? 'default' : 'classic';
    if (record.learnedBy === kind) return record;
    // Not recorded (saved by an older version): only the default learner writes a model, and it writes one at the first closed window, so a state with a delivery and no model may be classic.
    const stale = record.learnedBy !== undefined || (learner.windows ? record.state.model === null && record.state.delivered > 0 : record.state.model !== null);
    if (!stale || replayedWhole) return { ...record, learnedBy: kind };
    const rebuilt = this.journal.recover(profileId, { ...record, log: undefined }).record;
    this.logger.info(`profile "${profileId}": state rebuilt from its log for the ${kind} learner`);
    return { ...rebuilt, learnedBy: kind };
  }

  private timeZoneOf(p: LiveProfile): string {
    return resolveTimeZone(p.record.settings.timeZone, this.systemZone);
  }

  private contextOf(p: LiveProfile): EncounterContext {
    const s = p.record.settings;
    return {
      algorithm: this.algorithmOf(s),
      mode: deliveryModeOf(s),
      timeZone: this.timeZoneOf(p),
      library: this.themes.library.mantras,
      themes: s.themes,
      favorites: s.favorites,
      names: { subject: s.subject, controller: s.controller },
      quietHours: s.quietHours,
      frequencyRange: s.frequencyRange,
    };
  }

  /** What channels are told about the profile with every call. */
  private channelContext(p: LiveProfile, at: number): ChannelContext {
    const { settings } = p.record;
    return { profileId: p.id, at, timeZone: this.timeZoneOf(p), locale: localePreferencesOf(settings), settings };
  }

  /** One generator per delivery, derived from the profile's seed: reproducible, with nothing extra to persist. */
  private rngOf(p: LiveProfile): Rng {
    return createRng(deriveSeed(p.record.seed, `delivery-${p.record.state.delivered}`));
  }

  /** Runs a user operation after catching up with whatever is due; a refusal becomes an ApiError. */
  private act(profileId: string, reduce: (p: LiveProfile, ctx: EncounterContext, now: number) => Step): Snapshot {
    const p = this.get(profileId);
    this.wake(p);
    const step = reduce(p, this.contextOf(p), this.clock.now());
    if (step.error !== undefined) throw new ApiError(step.error, 'refused', step.reason !== undefined ? { reason: step.reason } : {});
    this.perform(p, step);
    return this.snapshot(profileId);
  }

  /**
   * The timer fired, or time must be looked at again: do what is due (once) and arm the next
   * timer, unless the gate holds it. On every path a timer is armed: when the reducer throws
   * or the log cannot be written, a retry with backoff.
   */
  private wake(p: LiveProfile): void {
    this.disarm(p);
    const now = this.clock.now();
    if (encounter.nothingDue(p.record.state, now)) {
      // What due() would answer (arm at the next wake), without a context, a generator and a step: the start pass over 100k profiles.
      p.failedWakes = 0;
      this.arm(p, encounter.nextWake(p.record.state));
      return;
    }
    let settled = false;
    try {
      const held = this.gate !== undefined && encounter.sendsNow(p.record.state, now) && this.gate.holds({ ...this.channelContext(p, now), discord: this.discordControl.status() });
      const step = encounter.due(p.record.state, this.contextOf(p), now, this.rngOf(p), held);
      if (step.error !== undefined) this.logger.warn(`profile "${p.id}": cannot deliver: ${step.error}`);
      else this.perform(p, step);
      // Held by the gate, or nothing due and nothing to arm: the reducer's own choice.
      settled = true;
      p.failedWakes = 0;
    } catch (e) {
      p.failedWakes++;
      if (!(e instanceof WriteFailed)) this.logger.error(`profile "${p.id}": ${errorText(e)}`);
    } finally {
      if (!settled && this.started) {
        const at = now + retryDelayMs(p.failedWakes);
        this.disarm(p);
        p.disarm = this.clock.setTimer(at, () => this.wake(p));
      }
    }
  }

  private disarm(p: LiveProfile): void {
    p.disarm?.();
    p.disarm = null;
  }

  private arm(p: LiveProfile, at: number | null): void {
    this.disarm(p);
    if (at !== null && this.started) p.disarm = this.clock.setTimer(at, () => this.wake(p));
  }

  /**
   * Write-ahead, then apply: the step's log entries are kept first, all together; only then do
   * the state, the saved record, the channels and the timer change. When the log cannot be
   * written nothing changes, the user is told and the caller gets WriteFailed.
   */
  private perform(p: LiveProfile, step: Step): void {
    const entries = step.effects.flatMap((e) => (e.kind === 'log' ? [e.entry] : []));
    let mark = p.record.log;
    if (entries.length > 0) {
      try {
        mark = this.journal.append(p.id, p.record.log, entries);
      } catch (e) {
        this.writeFailed(e);
        throw new WriteFailed(errorText(e));
      }
      this.writeWorks();
      this.logIndex.appended(p.id, entries);
    }
    const changed = step.state !== p.record.state;
    p.record = { ...p.record, state: step.state, ...(mark ? { log: mark } : {}) };
    performEffects(step.effects, {
      context: this.channelContext(p, this.clock.now()),
      log: () => undefined,
      save: () => this.saveRecord(p.id, p.record),
      channels: (what, call) => this.dispatch.send(this.channelContext(p, this.clock.now()), what, call),
      emit: (event) => this.events.emit(p.id, event),
      disabled: () =>
        this.logger.info(`profile "${p.id}": delivery turned off after ${p.record.state.consecutiveFailures} misses in a row`, { kind: 'deliveryOff', misses: p.record.state.consecutiveFailures }),
      arm: (at) => this.arm(p, at),
    });
    if (changed) this.emitSnapshot(p.id);
  }

  /** A saved record only caches the log, so a failed save loses nothing: reported, and the next start replays. */
  private saveRecord(profileId: string, record: ProfileRecord): void {
    try {
      this.store.put(profileId, record);
    } catch (e) {
      this.writeFailed(e);
    }
  }

  private writeFailed(e: unknown): void {
    const first = this.problem === null;
    this.problem = { detail: errorText(e), since: this.problem?.since ?? this.clock.now(), failures: (this.problem?.failures ?? 0) + 1 };
    // Once per outage in the log, then every 10th attempt: a full disk must not fill the log file too.
    if (first || this.problem.failures % 10 === 0)
      this.logger.error(`cannot write the data directory (attempt ${this.problem.failures}): ${this.problem.detail}; nothing changed, retrying with backoff`, {
        kind: 'cannotWrite',
        failures: this.problem.failures,
        detail: this.problem.detail,
      });
    for (const id of this.profiles.keys()) this.emitSnapshot(id);
  }

  private writeWorks(): void {
    if (this.problem === null) return;
    this.logger.info(`writing works again after ${this.problem.failures} failed attempt(s)`, { kind: 'writesAgain', failures: this.problem.failures });
    this.problem = null;
    for (const id of this.profiles.keys()) this.emitSnapshot(id);
  }

  private emitSnapshot(profileId: string): void {
    if (this.events.heard) this.events.emit(profileId, { type: 'snapshot', snapshot: this.snapshot(profileId) });
  }
}
