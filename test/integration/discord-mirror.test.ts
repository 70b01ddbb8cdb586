/**
 * The Discord mirror with the real discord.js against the loopback Discord, on the real engine
 * with a temp data dir and a manual clock. The recording channel stands for the desktop.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DiscordStatus } from '../../shared/api.js';
import { DiscordMirror, type DiscordMirrorOptions } from '../../main/channels/discord/mirror.js';
import { deliveryText } from '../../main/channels/discord/wording.js';
import { createRecordingLogger } from '../../main/logger.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.js';
import { openTestEngine, PROFILE, removeDir, type TestEngine } from '../unit/main/engine-harness.js';

const DIRECT_MESSAGES = 1 << 12;

interface Rig {
  fake: FakeDiscord;
  t: TestEngine;
  mirror: DiscordMirror;
  owner: string;
  stranger: string;
  logger: ReturnType<typeof createRecordingLogger>;
  statuses: DiscordStatus[];
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

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

async function rig(extra: Partial<DiscordMirrorOptions> = {}, dir?: string): Promise<Rig> {
  const fake = await startFakeDiscord({ heartbeatIntervalMs: 150 });
  cleanups.push(() => fake.close());
  const owner = fake.addUser({ username: 'owner' }).id;
  const stranger = fake.addUser({ username: 'stranger' }).id;
  const t = await openTestEngine(dir ? { dir } : {});
  cleanups.push(async () => {
    await t.engine.stop();
    if (!dir) removeDir(t.dir);
  });
  const { mirror, logger, statuses } = await startMirror(t, fake, owner, extra);
  return { fake, t, mirror, owner, stranger, logger, statuses };
}

/** Enrolls, delivers now, and waits for the delivery DM. */
async function deliver(r: Rig) {
  if (!r.t.engine.snapshot(PROFILE).state.enrolled) r.t.engine.enroll(PROFILE);
  r.t.engine.deliverNow(PROFILE);
  await r.t.engine.channelsIdle();
  const call = r.t.channel.of('deliver').at(-1)!;
  return call;
}

const quiet = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Discord mirror: delivery and answers', () => {
  it('connects with the DirectMessages intent and registers /mantra usable in DMs', async () => {
    const r = await rig();
    expect(r.mirror.status()).toMatchObject({ connection: 'connected', userId: r.owner, hasToken: true, tokenStorage: 'memory', apiBase: r.fake.apiUrl });
    expect(r.fake.identifies).toHaveLength(1);
    expect(r.fake.identifies[0]!.intents & DIRECT_MESSAGES).toBe(DIRECT_MESSAGES);
    await r.fake.waitFor(() => r.fake.registeredCommands.length === 1, 2000, '/mantra registered');
    const [command] = r.fake.registeredCommands;
    expect(command).toMatchObject({ name: 'mantra', contexts: [1], dm_permission: true });
    expect(command!.options!.map((o) => o.name)).toEqual(['enroll', 'unenroll', 'settings', 'stats', 'mode', 'pause', 'resume', 'next']);
  });

  it('sends exactly one DM per delivery, with the formatted mantra and the deadline', async () => {
    const r = await rig();
    const call = await deliver(r);
    const [dm] = await r.fake.waitFor(() => r.fake.dms(r.owner).length > 0 && r.fake.dms(r.owner), 3000, 'the delivery DM');
    await quiet(100);
    expect(r.fake.dms(r.owner)).toHaveLength(1);
    expect(dm!.content).toBe(deliveryText(call.mantra, call.deadline, 'UTC', r.t.clock.now()));
    expect(dm!.content).toContain(call.mantra.text);
    expect(dm!.content).toContain(`<t:${Math.floor(call.deadline / 1000)}:R>`);
    expect(r.t.channel.of('deliver')).toHaveLength(1);
  });
});
