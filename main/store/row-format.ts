/**
 * How SqliteStore keeps one profile record in one row, and how it reads it back.
 *
 * Size: the default learner's model is 4 arrays of 48 counts, every one a multiple of
 * EXPOSURE_LEARNER.countResolution; as JSON numbers ("4.5360000000000005") they were about
 * 1.5 KB of a 2.3 KB row. A row keeps them as integers in units of the resolution, varint
 * packed and base64'd (about 0.4 KB), and the 24-hour curve as its exact float64 bytes. Both
 * decode to the very same numbers (checked when packing; a model that does not fit the grid
 * is kept as plain JSON instead), so state == replay(log) still holds to the bit.
 *
 * Speed: zod-checking 100k rows took seconds. A row also carries a digest of its own text
 * (the `sum` column), and the database the fingerprint of the record schema its rows were
 * written under. A row whose digest matches, under today's schema, is bytes this app wrote
 * from an already-checked record: it is only JSON.parsed and unpacked. Any other row (hand-edited, damaged, written by an older
 * version or under an older schema) takes the full zod check and is written again, so the
 * border rule holds for everything that is not provably the app's own bytes. The digest
 * guards against accidents and old formats, not against someone forging rows: whoever can
 * write mantra.db can also change the log, the truth.
 */
import { createHash, hash } from 'node:crypto';
import { z } from 'zod';
import { describeIssues } from '../../shared/api.js';
import { HOURS_PER_DAY } from '../../shared/constants.js';
import { EXPOSURE_LEARNER, type ExposureModel } from '../../shared/learner.js';
import { defaultProfileSettings, profileSettingsSchema, type ProfileSettings, type ProfileState } from '../../shared/settings.js';
import { errorText } from '../logger.js';
import { profileRecordSchema, type ProfileRecord } from './document.js';

/** 2: packed model and curve, digest column. 1 (no "v"): the record as plain JSON. */
export const ROW_FORMAT = 2;

const RESOLUTION = EXPOSURE_LEARNER.countResolution;
const SLOTS = 2 * HOURS_PER_DAY;
const DEFAULT_SETTINGS = Object.entries(defaultProfileSettings()).map(([key, value]) => [key, JSON.stringify(value)] as const);

// --- varints (unsigned, up to 2^53: arithmetic, not 32-bit bitwise operators) ---

function pushVarint(out: number[], n: number): void {
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) + 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

function pushFloat(out: number[], x: number): void {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(x);
  out.push(...b);
}

/**
 * Decodes base64 into one scratch buffer and reads it in order (no Buffer per row: 100k rows
 * at load); throws when the bytes end early or run on. Buffer.alloc is never pooled, so the
 * scratch starts at offset 0 and a DataView reads its doubles directly.
 */
const SCRATCH = Buffer.alloc(8192);
const SCRATCH_VIEW = new DataView(SCRATCH.buffer, SCRATCH.byteOffset, SCRATCH.length);
function reader(text: string) {
  // Longer than any packed model or curve: refused rather than decoded past the scratch.
  if (text.length > (SCRATCH.length / 3) * 4) throw new Error('packed data too long');
  const length = SCRATCH.write(text, 'base64');
  let at = 0;
  return {
    length,
    varint(): number {
      let n = 0;
      let scale = 1;
      for (;;) {
        if (at >= length) throw new Error('packed data ends early');
        const b = SCRATCH[at++] ?? 0;
        n += (b & 0x7f) * scale;
        if (b < 0x80) return n;
        scale *= 0x80;
        if (scale > 2 ** 56) throw new Error('varint too long');
      }
    },
    float(): number {
      if (at + 8 > length) throw new Error('packed data ends early');
      const x = SCRATCH_VIEW.getFloat64(at, true);
      at += 8;
      return x;
    },
    done(): void {
      if (at !== length) throw new Error('packed data has bytes left over');
    },
  };
}

/** The model as base64 (at, logBayesFactor as float64; observations and counts as varints), or null when a count is off the grid. */
export function packModel(model: ExposureModel): string | null {
  const out: number[] = [];
  pushFloat(out, model.at);
  pushFloat(out, model.logBayesFactor);
  if (!Number.isSafeInteger(model.observations) || model.observations < 0) return null;
  pushVarint(out, model.observations);
  for (const counts of [model.short.exposure, model.short.answers, model.long.exposure, model.long.answers]) {
    if (counts.length !== SLOTS) return null;
    for (const x of counts) {
      const k = Math.round(x / RESOLUTION);
      // Only what decodes to the very same number is packed.
      if (!Number.isSafeInteger(k) || k < 0 || k * RESOLUTION !== x) return null;
      pushVarint(out, k);
    }
  }
  return Buffer.from(out).toString('base64');
}

export function unpackModel(text: string): ExposureModel {
  const r = reader(text);
  const at = r.float();
  const logBayesFactor = r.float();
  const observations = r.varint();
  // Filled in place, not pushed: a pushed array keeps spare capacity (48 counts took 77 slots, 1.9 KB a profile).
  const counts = (): number[] => {
    const xs = new Array<number>(SLOTS).fill(0);
    for (let i = 0; i < SLOTS; i++) xs[i] = r.varint() * RESOLUTION;
    return xs;
  };
  const short = { exposure: counts(), answers: counts() };
  const long = { exposure: counts(), answers: counts() };
  r.done();
  return { at, short, long, logBayesFactor, observations };
}

export function packCurve(curve: readonly number[]): string {
  const b = Buffer.alloc(curve.length * 8);
  curve.forEach((x, i) => b.writeDoubleLE(x, i * 8));
  return b.toString('base64');
}

export function unpackCurve(text: string): number[] {
  const r = reader(text);
  if (r.length % 8 !== 0) throw new Error('curve bytes are not whole numbers');
  const xs = new Array<number>(r.length / 8).fill(0);
  for (let i = 0; i < xs.length; i++) xs[i] = r.float();
  return xs;
}

/**
 * What the record schema accepts, as JSON Schema: a new field or bound gives a new
 * fingerprint. The database keeps the one its rows were written under; when it is not
 * today's, every row is checked once and written again.
 */
let fingerprint: string | null = null;
export function schemaFingerprint(): string {
  fingerprint ??= createHash('sha256')
    .update(`row format ${ROW_FORMAT}\n${JSON.stringify(z.toJSONSchema(profileRecordSchema, { unrepresentable: 'any', io: 'input' }))}`)
    .digest('base64');
  return fingerprint;
}

/** The digest a row's text carries when this app wrote it. */
export function rowDigest(text: string): string {
  return hash('sha256', text, 'base64').slice(0, 22);
}

/**
 * A record as one row's text: settings equal to their defaults are left out (the schema's
 * defaults fill them in when read), the model and the curve packed.
 */
export function rowText(record: ProfileRecord): string {
  const settings: Record<string, unknown> = { ...record.settings };
  for (const [key, json] of DEFAULT_SETTINGS) if (JSON.stringify(settings[key]) === json) delete settings[key];
  const { state } = record;
  const model = state.model === null ? null : (packModel(state.model) ?? state.model);
  // Packed in their own places, so the parsed state has its keys in schema order without a copy.
  return JSON.stringify({
    v: ROW_FORMAT,
    settings,
    state: { ...state, curve: packCurve(state.curve), model },
    seed: record.seed,
    ...(record.log ? { log: record.log } : {}),
    ...(record.learnedBy ? { learnedBy: record.learnedBy } : {}),
  });
}

/** A row's text and its digest, as written. */
export function rowOf(record: ProfileRecord): { text: string; sum: string } {
  const text = rowText(record);
  return { text, sum: rowDigest(text) };
}

export type RowRead = { ok: true; record: ProfileRecord; checked: boolean } | { ok: false; why: string };

const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
};

/**
 * Makes `target[key]` decode its packed text on first read (then keep the value; a write replaces
 * it). A start arms every profile from fields next to these, so most models and curves are not
 * decoded until the profile is next used: at 20k profiles that is a third less work and garbage
 * at start (docs/scaling.md). Rows this app wrote (digest checked) only, so decoding cannot fail.
 */
function decodeOnRead<T extends object, K extends keyof T>(target: T, key: K, decode: () => T[K]): void {
  // Once read or written it is a plain field again, so neither this closure nor the packed text outlives it.
  const settle = (next: T[K]): T[K] => {
    Object.defineProperty(target, key, { value: next, writable: true, enumerable: true, configurable: true });
    return next;
  };
  Object.defineProperty(target, key, { enumerable: true, configurable: true, get: () => settle(decode()), set: (next: T[K]) => void settle(next) });
}

interface PackedRow {
  v: number;
  settings: Record<string, unknown>;
  /** A ProfileState whose curve is packed, and whose model may be. */
  state: Omit<ProfileState, 'curve' | 'model'> & { curve: string | number[]; model: string | ExposureModel | null };
  seed: number;
  log?: ProfileRecord['log'];
  learnedBy?: ProfileRecord['learnedBy'];
}

/**
 * Reads rows. A settings object already seen in another row is reused (frozen: settings are
 * replaced, never changed), so 100k users on a handful of settings cost a handful of checks.
 */
export class RowReader {
  private readonly trusted = new Map<string, ProfileSettings>();
  private readonly checked = new Map<string, ProfileSettings | string>();

  /** A row with its digest: the app's own bytes are only parsed, anything else is checked. */
  read(text: string, sum: string | null): RowRead {
    if (sum !== null && sum === rowDigest(text)) {
      try {
        return { ok: true, record: this.trustedRecord(JSON.parse(text) as PackedRow), checked: false };
      } catch {
        // The digest matched but the text does not decode: check it like any foreign row.
      }
    }
    return this.check(text);
  }

  /** Bytes this app wrote: unpacked in place, so the state keeps the key order it was written in (schema order). */
  private trustedRecord(row: PackedRow): ProfileRecord {
    const key = JSON.stringify(row.settings);
    let settings = this.trusted.get(key);
    if (settings === undefined) {
      settings = deepFreeze({ ...defaultProfileSettings(), ...row.settings } as ProfileSettings);
      this.trusted.set(key, settings);
    }
    const state = row.state;
    const { curve, model } = state;
    if (typeof curve === 'string') decodeOnRead(state, 'curve', () => unpackCurve(curve));
    if (typeof model === 'string') decodeOnRead(state, 'model', () => unpackModel(model));
    return { settings, state: state as ProfileState, seed: row.seed, ...(row.log ? { log: row.log } : {}), ...(row.learnedBy ? { learnedBy: row.learnedBy } : {}) };
  }

  /** Any row, either format, through the schemas. */
  check(text: string): RowRead {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      return { ok: false, why: `not JSON (${errorText(e)})` };
    }
    if (json === null || typeof json !== 'object' || !('settings' in json)) return { ok: false, why: 'not a profile record' };
    let plain: Record<string, unknown> = json as Record<string, unknown>;
    if ('v' in json) {
      // The packed form: unpacked first, then checked like a plain record.
      const row = json as Record<string, unknown>;
      if (row.v !== ROW_FORMAT) return { ok: false, why: `row format ${String(row.v)} is not one this version reads` };
      if (typeof row.state !== 'object' || row.state === null) return { ok: false, why: 'state: not an object' };
      const state = row.state as Record<string, unknown>;
      try {
        const curve = typeof state.curve === 'string' ? unpackCurve(state.curve) : state.curve;
        const model = typeof state.model === 'string' ? unpackModel(state.model) : state.model;
        const { v: _v, ...rest } = row;
        plain = { ...rest, state: { ...state, curve, model } };
      } catch (e) {
        return { ok: false, why: `packed state: ${errorText(e)}` };
      }
    }
    const key = JSON.stringify(plain.settings);
    let settings = this.checked.get(key);
    if (settings === undefined) {
      const r = profileSettingsSchema.safeParse(plain.settings);
      settings = r.success ? deepFreeze(r.data) : `settings: ${describeIssues(r.error.issues)}`;
      this.checked.set(key, settings);
    }
    if (typeof settings === 'string') return { ok: false, why: settings };
    const rest = restSchema.safeParse(plain);
    if (!rest.success) return { ok: false, why: describeIssues(rest.error.issues) };
    return { ok: true, record: { ...rest.data, settings }, checked: true };
  }
}

const restSchema = profileRecordSchema.omit({ settings: true });
