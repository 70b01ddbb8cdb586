/**
 * The rig for the Discord mirror tests: the loopback Discord, the real engine on a temp data dir
 * with a manual clock, and a DiscordMirror (the real discord.js) added as a channel next to the
 * engine's recording channel, which stands for the desktop.
 */
import { afterEach } from 'vitest';
import type { DiscordStatus } from '../../shared/api.js';
import { DiscordMirror, type DiscordMirrorOptions } from '../../main/channels/discord/mirror.js';
import { createRecordingLogger } from '../../main/logger.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.js';
import { openTestEngine, PROFILE, removeDir, type TestEngine, type TestEngineOptions } from '../unit/main/engine-harness.js';

export interface Rig {
  fake: FakeDiscord;
  t: TestEngine;
  mirror: DiscordMirror;
  owner: string;
  stranger: string;
  logger: ReturnType<typeof createRecordingLogger>;
  statuses: DiscordStatus[];
}

/**
 * Call once at the top of a test file: registers an afterEach that undoes, newest first, everything
 * the returned helpers started (and anything a test pushes onto `cleanups`).
 */
export function useDiscordRigs() {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  /** The loopback Discord with one user, the owner. */
  async function fakeWithOwner() {
    const fake = await startFakeDiscord({ heartbeatIntervalMs: 150 });
    cleanups.push(() => fake.close());
    return { fake, owner: fake.addUser({ username: 'owner' }).id };
  }

  /** A test engine in a fresh temp dir, stopped and removed after the test. */
  async function openEngine(options: TestEngineOptions = {}) {
    const t = await openTestEngine(options);
    cleanups.push(async () => {
      await t.engine.stop();
      removeDir(t.dir);
    });
    return t;
  }

  /** A mirror DMing `owner`, added to `t`'s engine as a channel and as its Discord control, started and settled. */
  async function startMirror(t: TestEngine, fake: FakeDiscord, owner: string, extra: Partial<DiscordMirrorOptions> = {}) {
    const logger = createRecordingLogger();
    const mirror = new DiscordMirror({
      engine: t.engine,
      audience: 'owner',
      profileId: PROFILE,
      dataDir: t.dir,
      token: fake.token,
      apiBase: fake.apiUrl,
      userId: owner,
      logger,
      now: () => t.clock.now(),
      backoff: { initialMs: 50, maxMs: 400 },
      readyTimeoutMs: 5000,
      callTimeoutMs: 10_000,
      ...extra,
    });
    const statuses: DiscordStatus[] = [];
    mirror.onStatus((s) => statuses.push(s));
    const remove = t.engine.addChannel(mirror);
    t.engine.useDiscord(mirror);
    cleanups.push(async () => {
      remove();
      await mirror.stop();
    });
    await mirror.start();
    await mirror.whenSettled();
    return { mirror, logger, statuses };
  }

  /** The whole rig: the fake with an owner and a stranger, a fresh engine, and a started mirror. */
  async function rig(extra: Partial<DiscordMirrorOptions> = {}): Promise<Rig> {
    const { fake, owner } = await fakeWithOwner();
    const stranger = fake.addUser({ username: 'stranger' }).id;
    const t = await openEngine();
    const { mirror, logger, statuses } = await startMirror(t, fake, owner, extra);
    return { fake, t, mirror, owner, stranger, logger, statuses };
  }

  return { cleanups, fakeWithOwner, openEngine, startMirror, rig };
}

/** Enrolls and delivers now, unless a mantra is already out (a timeout delivers the next at once). */
export async function deliver(r: Rig) {
  const { state } = r.t.engine.snapshot(PROFILE);
  if (!state.enrolled) r.t.engine.enroll(PROFILE);
  if (state.current === null) r.t.engine.deliverNow(PROFILE);
  await r.t.engine.channelsIdle();
  const call = r.t.channel.of('deliver').at(-1)!;
  return call;
}

export const quiet = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The bot's messages in the owner's DM, newest last. */
export const dms = (r: Rig) => r.fake.dms(r.owner);

/** Delivers (see `deliver`) and waits for the DM that carries the mantra. */
export async function deliveredDm(r: Rig) {
  const call = await deliver(r);
  const dm = await r.fake.waitFor(() => dms(r).findLast((m) => m.content.includes(call.mantra.text)), 3000, 'the delivery DM');
  return { call, dm };
}
