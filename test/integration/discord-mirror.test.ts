/**
 * The Discord mirror with the real discord.js against the loopback Discord, on the real engine
 * with a temp data dir and a manual clock. The recording channel stands for the desktop.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DiscordStatus } from '../../shared/api.js';
import { attachDesktopMirror, memoryVault } from '../../main/channels/discord/desktop.js';
import { backoffDelay, cannotDmDetail, classify, scrub } from '../../main/channels/discord/faults.js';
import { DiscordMirror, type DiscordMirrorOptions } from '../../main/channels/discord/mirror.js';
import { deliveryText } from '../../main/channels/discord/wording.js';
import { createRecordingLogger } from '../../main/logger.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.js';
import { openTestEngine, PROFILE, removeDir, tempDataDir, type TestEngine } from '../unit/main/engine-harness.js';

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

/** The bot's messages in the owner's DM, newest last. */
const dms = (r: Rig) => r.fake.dms(r.owner);

async function deliveredDm(r: Rig) {
  const call = await deliver(r);
  const dm = await r.fake.waitFor(() => dms(r).find((m) => m.content.includes(call.mantra.text)), 3000, 'the delivery DM');
  return { call, dm };
}

describe('Discord mirror: replies', () => {
  it("takes the owner's reply as an answer: learning, a result reply, and the DM edited", async () => {
    const r = await rig();
    const { call, dm } = await deliveredDm(r);
    const before = r.t.engine.snapshot(PROFILE).state;
    r.t.clock.advanceBy(90_000);
    const sent = r.fake.userSendsDm(r.owner, call.mantra.text.toLowerCase());

    const reply = await r.fake.waitFor(() => dms(r).find((m) => m.message_reference?.message_id === sent.id), 3000, 'the result reply');
    const after = r.t.engine.snapshot(PROFILE).state;
    expect(after).toMatchObject({ answered: 1, streak: 1, current: null });
    expect(after.points).toBeGreaterThan(0);
    expect(after.curve).not.toEqual(before.curve);
    expect(after.curve[10]).toBeGreaterThan(before.curve[10]!);
    expect(r.t.store.readLog(PROFILE).at(-1)).toMatchObject({ type: 'answered', channel: 'discord', points: after.points });
    expect(reply.content).toContain(`+${after.points} points`);
    expect(reply.content).toContain('streak 1');
    // The window hears of it the same way as of its own answers.
    await r.t.engine.channelsIdle();
    expect(r.t.channel.of('answerResult')).toEqual([expect.objectContaining({ answeredOn: 'discord' })]);

    const edited = await r.fake.waitFor(() => r.fake.edits.find((e) => e.messageId === dm.id), 3000, 'the delivery DM edited');
    expect(edited.message.content).toContain('Answered here');
    expect(edited.message.content).not.toContain('Type it back');
  });

  it('answers "not quite" with the expected text, and learns nothing', async () => {
    const r = await rig();
    const { call } = await deliveredDm(r);
    const sent = r.fake.userSendsDm(r.owner, 'something else entirely, not the mantra');
    const reply = await r.fake.waitFor(() => dms(r).find((m) => m.message_reference?.message_id === sent.id), 3000, 'the result reply');
    expect(reply.content).toContain('Not quite');
    expect(reply.content).toContain(call.mantra.text);
    expect(r.t.engine.snapshot(PROFILE).state).toMatchObject({ answered: 0, current: call.mantra });
  });

  it("ignores a stranger's DM: no answer, no reply", async () => {
    const r = await rig();
    const { call } = await deliveredDm(r);
    r.fake.userSendsDm(r.stranger, call.mantra.text);
    await quiet(300);
    expect(r.t.engine.snapshot(PROFILE).state).toMatchObject({ answered: 0, current: call.mantra });
    expect(r.fake.dms(r.stranger)).toHaveLength(0);
    expect(r.fake.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/messages'))).toHaveLength(1);
  });

  it('edits the DM when the mantra is answered in the window, times out, or is skipped', async () => {
    const r = await rig();
    const first = await deliveredDm(r);
    r.t.engine.answer(PROFILE, first.call.mantra.text, 'window');
    const answered = await r.fake.waitFor(() => r.fake.edits.find((e) => e.messageId === first.dm.id), 3000, 'edit after window answer');
    expect(answered.message.content).toContain('Answered in the answer window');
    expect(answered.message.components).toEqual([]);

    const second = await deliveredDm(r);
    r.t.clock.advanceTo(second.call.deadline);
    const missed = await r.fake.waitFor(() => r.fake.edits.find((e) => e.messageId === second.dm.id), 3000, 'edit after timeout');
    expect(missed.message.content).toContain('Missed');

    const third = await deliveredDm(r);
    r.t.engine.skip(PROFILE);
    const skipped = await r.fake.waitFor(() => r.fake.edits.find((e) => e.messageId === third.dm.id), 3000, 'edit after skip');
    expect(skipped.message.content).toContain('Skipped');
    expect(dms(r).filter((m) => m.content.includes('Your mantra'))).toHaveLength(3);
  });

  it('replies to a DM when nothing is waiting, without touching the engine', async () => {
    const r = await rig();
    r.t.engine.enroll(PROFILE);
    const sent = r.fake.userSendsDm(r.owner, 'hello?');
    const reply = await r.fake.waitFor(() => dms(r).find((m) => m.message_reference?.message_id === sent.id), 3000, 'the reply');
    expect(reply.content).toContain('No mantra is waiting');
  });
});

describe('Discord mirror: buttons', () => {
  it('⭐ under a successful answer toggles the favorite', async () => {
    const r = await rig();
    const { call, dm } = await deliveredDm(r);
    const sent = r.fake.userSendsDm(r.owner, call.mantra.text);
    const reply = await r.fake.waitFor(() => dms(r).find((m) => m.message_reference?.message_id === sent.id), 3000, 'the result reply');
    const customId = `mantra:fav:${dm.id}`;
    expect(JSON.stringify(reply.components)).toContain(customId);

    const click = r.fake.userClicksButton(r.owner, reply.id, customId);
    await r.fake.waitFor(() => r.fake.responsesTo(click.id).length > 0, 3000, 'the button update');
    expect(r.t.engine.snapshot(PROFILE).settings.favorites).toEqual([call.mantra.template]);
    expect(JSON.stringify(r.fake.dms(r.owner).find((m) => m.id === reply.id)?.components)).toContain('"label":"Favorite"');

    const again = r.fake.userClicksButton(r.owner, reply.id, customId);
    await r.fake.waitFor(() => r.fake.responsesTo(again.id).length > 0, 3000, 'the second update');
    expect(r.t.engine.snapshot(PROFILE).settings.favorites).toEqual([]);
  });

  it('after 3 misses offers Pause 1 day / Turn off, and the buttons act on the engine', async () => {
    const r = await rig();
    for (let i = 0; i < 3; i++) {
      const { call } = await deliveredDm(r);
      r.t.clock.advanceTo(call.deadline);
      await r.t.engine.channelsIdle();
    }
    const offer = await r.fake.waitFor(() => dms(r).find((m) => m.content.includes('missed 3 mantras')), 3000, 'the offer');
    expect(JSON.stringify(offer.components)).toContain('mantra:pause-day');
    expect(JSON.stringify(offer.components)).toContain('mantra:off');

    const click = r.fake.userClicksButton(r.owner, offer.id, 'mantra:pause-day');
    await r.fake.waitFor(() => r.fake.responsesTo(click.id).length > 0, 3000, 'the pause confirmation');
    const snap = r.t.engine.snapshot(PROFILE);
    expect(snap.status).toMatchObject({ kind: 'paused' });
    expect(snap.state.pausedUntil).toBe(r.t.clock.now() + 24 * 3600_000);
    const updated = r.fake.dms(r.owner).find((m) => m.id === offer.id)!;
    expect(updated.content).toContain('Paused until');
    expect(updated.components).toEqual([]);
  });

  it('Turn off unenrolls', async () => {
    const r = await rig();
    r.t.engine.enroll(PROFILE);
    await r.mirror.offerDisable(PROFILE, 3);
    const offer = await r.fake.waitFor(() => dms(r).find((m) => m.content.includes('missed 3')), 3000, 'the offer');
    const click = r.fake.userClicksButton(r.owner, offer.id, 'mantra:off');
    await r.fake.waitFor(() => r.fake.responsesTo(click.id).length > 0, 3000, 'the confirmation');
    expect(r.t.engine.snapshot(PROFILE).status).toEqual({ kind: 'disabled', reason: 'user' });
  });
});

describe('Discord mirror: restarts and faults', () => {
  async function fakeWithOwner() {
    const fake = await startFakeDiscord({ heartbeatIntervalMs: 150 });
    cleanups.push(() => fake.close());
    return { fake, owner: fake.addUser({ username: 'owner' }).id };
  }

  it('a fresh mirror after a restart takes the reply to the DM sent before it, and sends nothing again', async () => {
    const { fake, owner } = await fakeWithOwner();
    const dir = tempDataDir();
    cleanups.push(() => removeDir(dir));
    const t1 = await openTestEngine({ dir });
    const first = await startMirror(t1, fake, owner);
    t1.engine.enroll(PROFILE);
    t1.engine.deliverNow(PROFILE);
    await t1.engine.channelsIdle();
    const mantra = t1.channel.of('deliver')[0]!.mantra;
    const dm = await fake.waitFor(() => fake.dms(owner)[0], 3000, 'the delivery DM');
    await first.mirror.stop();
    await t1.engine.stop();

    const t2 = await openTestEngine({ dir, clock: t1.clock });
    cleanups.push(() => t2.engine.stop());
    const second = await startMirror(t2, fake, owner);
    expect(second.mirror.status().connection).toBe('connected');
    expect(fake.identifies).toHaveLength(2);
    t2.clock.advanceBy(60_000);
    const sent = fake.userSendsDm(owner, mantra.text);
    const reply = await fake.waitFor(() => fake.dms(owner).find((m) => m.message_reference?.message_id === sent.id), 3000, 'the result reply');
    expect(reply.content).toContain('points');
    expect(t2.engine.snapshot(PROFILE).state.answered).toBe(1);
    const edit = await fake.waitFor(() => fake.edits.find((e) => e.messageId === dm.id), 3000, 'the old DM edited');
    expect(edit.message.content).toContain('Answered here');
    expect(fake.dms(owner).filter((m) => m.content.includes('Your mantra'))).toHaveLength(1);
  });

  it('after a restart, a DM whose mantra timed out meanwhile is edited to say so, not resent', async () => {
    const { fake, owner } = await fakeWithOwner();
    const dir = tempDataDir();
    cleanups.push(() => removeDir(dir));
    const t1 = await openTestEngine({ dir });
    const first = await startMirror(t1, fake, owner);
    t1.engine.enroll(PROFILE);
    t1.engine.deliverNow(PROFILE);
    await t1.engine.channelsIdle();
    const deadline = t1.channel.of('deliver')[0]!.deadline;
    const dm = await fake.waitFor(() => fake.dms(owner)[0], 3000, 'the delivery DM');
    await first.mirror.stop();
    await t1.engine.stop();

    // Down past the deadline: the engine times the mantra out at start, before Discord is back.
    t1.clock.jump(deadline + 60_000);
    const t2 = await openTestEngine({ dir, clock: t1.clock });
    cleanups.push(() => t2.engine.stop());
    expect(t2.engine.snapshot(PROFILE).state.current).toBeNull();
    await startMirror(t2, fake, owner);
    const edit = await fake.waitFor(() => fake.edits.find((e) => e.messageId === dm.id), 3000, 'the stale DM edited');
    expect(edit.message.content).toContain('Missed');
    expect(fake.dms(owner)).toHaveLength(1);
  });

  it('a dropped gateway is resumed: the status says so, and replies arrive afterwards', async () => {
    const r = await rig();
    const { call } = await deliveredDm(r);
    expect(r.fake.dropGateway(4000)).toBe(1);
    await r.fake.waitFor(() => r.fake.resumes.length === 1 && r.fake.liveSessions === 1, 5000, 'the resume');
    await r.fake.waitFor(() => r.mirror.status().connection === 'connected', 3000, 'connected again');
    expect(r.statuses.map((s) => s.connection)).toContain('reconnecting');
    const sent = r.fake.userSendsDm(r.owner, call.mantra.text);
    await r.fake.waitFor(() => dms(r).find((m) => m.message_reference?.message_id === sent.id), 3000, 'the result reply');
    expect(r.t.engine.snapshot(PROFILE).state.answered).toBe(1);
    expect(dms(r).filter((m) => m.content.includes('Your mantra'))).toHaveLength(1);
  });

  it('a cut connection (1006) reconnects too', async () => {
    const r = await rig();
    const { call } = await deliveredDm(r);
    r.fake.dropGateway(1006);
    await r.fake.waitFor(() => r.fake.liveSessions === 1 && r.fake.resumes.length + r.fake.identifies.length >= 2, 8000, 'back on the gateway');
    const sent = r.fake.userSendsDm(r.owner, call.mantra.text);
    await r.fake.waitFor(() => dms(r).find((m) => m.message_reference?.message_id === sent.id), 3000, 'the result reply');
    expect(r.t.engine.snapshot(PROFILE).state.answered).toBe(1);
  });

  it('a 429 on sending is waited out and retried: one DM, nothing lost, no duplicate', async () => {
    const r = await rig();
    r.fake.rateLimitNext('POST /channels/:id/messages', 1);
    const { call } = await deliveredDm(r);
    await quiet(200);
    const posts = r.fake.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/messages'));
    expect(posts.map((p) => p.status)).toEqual([429, 200]);
    expect(dms(r)).toHaveLength(1);
    expect(dms(r)[0]!.content).toContain(call.mantra.text);
    expect(r.mirror.status().connection).toBe('connected');
  });

  it('a bad token: status bad-token with a clear message, no retry loop, desktop delivery unaffected', async () => {
    const badToken = 'YmFkYm90.YWJj.ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo';
    const r = await rig({ token: badToken });
    expect(r.mirror.status()).toMatchObject({ connection: 'bad-token', hasToken: true });
    expect(r.mirror.status().detail).toMatch(/refused the bot token.*Reset Token/);
    r.t.engine.enroll(PROFILE);
    r.t.engine.deliverNow(PROFILE);
    await r.t.engine.channelsIdle();
    expect(r.t.channel.of('deliver')).toHaveLength(1);
    expect(r.t.engine.snapshot(PROFILE).discord.connection).toBe('bad-token');
    await quiet(300);
    expect(r.fake.requests.filter((q) => q.path === '/gateway/bot')).toHaveLength(1);
    expect(r.fake.identifies).toHaveLength(0);
    expect(r.fake.requests.filter((q) => q.path.endsWith('/messages'))).toHaveLength(0);
    expect(r.logger.lines.join('\n')).not.toContain(badToken);
  });

  it('DMs closed: status cannot-dm, desktop unaffected; it clears once a DM goes through', async () => {
    const r = await rig();
    r.fake.setDmClosed(r.owner, true);
    await deliver(r);
    await r.mirror.idle();
    expect(r.t.channel.of('deliver')).toHaveLength(1);
    expect(r.mirror.status().connection).toBe('cannot-dm');
    expect(r.mirror.status().detail).toMatch(/will not let the bot DM user \d+/);
    r.fake.setDmClosed(r.owner, false);
    expect((await r.mirror.sendTestDm()).connection).toBe('connected');
    expect(dms(r).at(-1)?.content).toContain('Mantra test');
  });

  it('Discord down: desktop delivery goes on, the mirror reconnects with backoff and does not resend the stale mantra', async () => {
    const r = await rig({ rest: { timeout: 2000, retries: 0 } });
    r.fake.setDown(true);
    await r.fake.waitFor(() => r.mirror.status().connection === 'reconnecting', 5000, 'reconnecting');
    const call = await deliver(r);
    await r.mirror.idle();
    expect(r.t.channel.of('deliver')).toHaveLength(1);
    expect(dms(r)).toHaveLength(0);

    r.fake.setDown(false);
    await r.fake.waitFor(() => r.mirror.status().connection === 'connected', 10_000, 'connected again');
    await quiet(300);
    expect(dms(r)).toHaveLength(0);
    // The mantra is still out: a reply still answers it.
    const sent = r.fake.userSendsDm(r.owner, call.mantra.text);
    await r.fake.waitFor(() => dms(r).find((m) => m.message_reference?.message_id === sent.id), 3000, 'the result reply');
    expect(r.t.engine.snapshot(PROFILE).state.answered).toBe(1);
  });
});

describe('Discord mirror: login retries', () => {
  it('a login while Discord is down is retried with growing waits, then connects', async () => {
    const fake = await startFakeDiscord({ heartbeatIntervalMs: 150 });
    cleanups.push(() => fake.close());
    const owner = fake.addUser({ username: 'owner' }).id;
    fake.setDown(true);
    const t = await openTestEngine();
    cleanups.push(async () => {
      await t.engine.stop();
      removeDir(t.dir);
    });
    const { mirror } = await startMirror(t, fake, owner, { backoff: { initialMs: 100, maxMs: 400 }, rest: { timeout: 2000, retries: 0 } });
    expect(mirror.status().connection).toBe('reconnecting');
    expect(mirror.status().detail).toMatch(/Could not reach Discord .*trying again in/);
    const logins = () => fake.requests.filter((q) => q.path === '/gateway/bot');
    await fake.waitFor(() => logins().length >= 4, 5000, 'four login attempts');
    const gaps = logins().slice(1, 4).map((q, i) => q.at - logins()[i]!.at);
    expect(gaps[1]!).toBeGreaterThan(gaps[0]! * 1.2);
    expect(gaps[2]!).toBeLessThanOrEqual(400 + 250);

    fake.setDown(false);
    await fake.waitFor(() => mirror.status().connection === 'connected', 3000, 'connected');
    await fake.waitFor(() => fake.registeredCommands.length === 1, 3000, '/mantra registered');
  });
});

describe('Discord mirror: configuration and the token', () => {
  it('takes the token through configure, keeps it only in the vault, and reports off until complete', async () => {
    const fake = await startFakeDiscord({ heartbeatIntervalMs: 150 });
    cleanups.push(() => fake.close());
    const owner = fake.addUser({ username: 'owner' }).id;
    const t = await openTestEngine();
    cleanups.push(async () => {
      await t.engine.stop();
      removeDir(t.dir);
    });
    const vault: string[] = [];
    const { mirror, logger } = await startMirror(t, fake, owner, {
      token: undefined,
      userId: undefined,
      apiBase: undefined,
      vault: { storage: 'encrypted', load: async () => null, save: async (token) => void vault.push(token ?? '<none>') },
    });
    expect(mirror.status()).toMatchObject({ connection: 'off', hasToken: false, tokenStorage: 'none' });
    expect(mirror.status().detail).toContain('No bot token');

    await expect(mirror.configure({ userId: 'not-a-number' })).rejects.toThrow(/user ID/);
    const status = await mirror.configure({ token: `Bot ${fake.token}`, userId: owner, apiBase: `${fake.apiUrl}/` });
    expect(status).toMatchObject({ connection: 'connected', hasToken: true, tokenStorage: 'encrypted', userId: owner, apiBase: fake.apiUrl });
    expect(vault).toEqual([fake.token]);
    const file = readFileSync(join(t.dir, 'discord.json'), 'utf8');
    expect(file).toContain(owner);
    expect(file).not.toContain(fake.token);
    expect(logger.lines.join('\n')).not.toContain(fake.token);
    expect(t.engine.snapshot(PROFILE).discord.connection).toBe('connected');

    expect(await mirror.configure({ enabled: false })).toMatchObject({ connection: 'off', hasToken: true });
    expect(fake.liveSessions).toBe(0);
    expect(await mirror.configure({ token: '', enabled: true })).toMatchObject({ connection: 'off', hasToken: false, tokenStorage: 'none' });
    expect(vault).toEqual([fake.token, '<none>']);
  });
});

describe('Discord mirror: on a desktop host', () => {
  it('attachDesktopMirror wires channel and control; windows get a snapshot when the status changes', async () => {
    const fake = await startFakeDiscord({ heartbeatIntervalMs: 150 });
    cleanups.push(() => fake.close());
    const owner = fake.addUser({ username: 'owner' }).id;
    const t = await openTestEngine();
    cleanups.push(async () => {
      await t.engine.stop();
      removeDir(t.dir);
    });
    const seen: string[] = [];
    t.engine.subscribe((_id, e) => void (e.type === 'snapshot' && seen.push(e.snapshot.discord.connection)));
    const attached = await attachDesktopMirror(t.engine, { dataDir: t.dir, vault: memoryVault(), logger: createRecordingLogger() });
    cleanups.push(() => attached.close());
    expect(t.engine.discord).toBe(attached.discord);
    expect(t.engine.snapshot(PROFILE).discord).toMatchObject({ connection: 'off', tokenStorage: 'none' });

    await t.engine.discord.configure({ token: fake.token, userId: owner, apiBase: fake.apiUrl });
    expect(t.engine.snapshot(PROFILE).discord).toMatchObject({ connection: 'connected', tokenStorage: 'memory' });
    expect(seen).toContain('connected');

    t.engine.enroll(PROFILE);
    t.engine.deliverNow(PROFILE);
    await fake.waitFor(() => fake.dms(owner).length === 1, 3000, 'the DM');
    expect(t.channel.of('deliver')).toHaveLength(1);
  });

  it('an over-long DM is refused without reaching the engine', async () => {
    const r = await rig();
    const { call } = await deliveredDm(r);
    const sent = r.fake.userSendsDm(r.owner, `${call.mantra.text} ${'x'.repeat(1200)}`);
    const reply = await r.fake.waitFor(() => dms(r).find((m) => m.message_reference?.message_id === sent.id), 3000, 'the refusal');
    expect(reply.content).toContain('longer than any mantra');
    expect(r.t.engine.snapshot(PROFILE).state.current).toEqual(call.mantra);
  });
});

describe('Discord faults in words', () => {
  it('scrubs bot tokens and interaction tokens from anything logged or shown', () => {
    const token = 'MTA5ODc2NTQzMjEwOTg3NjU0Mw.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789';
    expect(scrub(`login with ${token} failed`)).toBe('login with [token] failed');
    expect(scrub('POST /api/v10/interactions/123456/aW50ZXJhY3Rpb24.secretsecret/callback')).toBe('POST /api/v10/interactions/123456/[token]/callback');
    expect(scrub('short secret hunter22 here', ['hunter22'])).toBe('short secret [token] here');
  });

  it('classifies failures into the statuses the UI shows', () => {
    expect(classify({ status: 401, message: '401: Unauthorized' }, null).connection).toBe('bad-token');
    expect(classify({ code: 'TokenInvalid' }, null).connection).toBe('bad-token');
    expect(classify({ status: 403, code: 50007, message: 'Cannot send messages to this user' }, '42')).toEqual({ connection: 'cannot-dm', detail: cannotDmDetail('42') });
    expect(classify({ status: 503, message: 'Service Unavailable' }, null)).toEqual({ connection: 'error', detail: 'Discord request failed: Service Unavailable (HTTP 503)' });
  });

  it('backs off exponentially with jitter, capped', () => {
    const b = { initialMs: 1000, maxMs: 8000 };
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffDelay(n, b, 0))).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    expect(backoffDelay(3, b, 1)).toBe(3200);
  });
});
