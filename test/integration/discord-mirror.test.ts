/**
 * The Discord mirror with the real discord.js against the loopback Discord, on the real engine
 * with a temp data dir and a manual clock. The recording channel stands for the desktop.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachDesktopMirror, memoryVault } from '../../main/channels/discord/desktop.js';
import { STATUS_FILE } from '../../main/channels/discord/status-file.js';
import { deliveryText } from '../../main/channels/discord/wording.js';
import { discordCheck as discordCheckOf, formatCheck } from '../../main/cli/doctor.js';
import { doctorDiscordStatus } from '../../main/cli/discord-probe.js';
import { createRecordingLogger } from '../../main/logger.js';
import { translator } from '../../shared/i18n/i18n.js';
import { PROFILE } from '../unit/main/engine-harness.js';
import { channelContext } from '../unit/main/channel-context.js';
import { deliver, deliveredDm, dms, useDiscordRigs } from './discord-harness.js';

const DIRECT_MESSAGES = 1 << 12;

const { cleanups, fakeWithOwner, openEngine, rig } = useDiscordRigs();

describe('Discord mirror: delivery and answers', () => {
  it('connects with the DirectMessages intent and registers /mantra usable in DMs', async () => {
    const r = await rig();
    expect(r.mirror.status()).toMatchObject({ connection: 'connected', userId: r.owner, hasToken: true, tokenStorage: 'memory', apiBase: r.fake.apiUrl });
    expect(r.fake.identifies).toHaveLength(1);
    expect(r.fake.identifies[0]!.intents & DIRECT_MESSAGES).toBe(DIRECT_MESSAGES);
    await r.fake.waitFor(() => r.fake.registeredCommands.length === 1, 2000, '/mantra registered');
    const [command] = r.fake.registeredCommands;
    expect(command).toMatchObject({ name: 'mantra', contexts: [1], dm_permission: true });
    expect(command!.options!.map((o) => o.name)).toEqual(['enroll', 'unenroll', 'settings', 'stats', 'mode', 'pause', 'quiet', 'resume', 'next']);
  });

  it('sends exactly one DM per delivery, with the formatted mantra and the deadline', async () => {
    const r = await rig();
    const call = await deliver(r);
    const [dm] = await r.fake.waitFor(() => r.fake.dms(r.owner).length > 0 && r.fake.dms(r.owner), 3000, 'the delivery DM');
    await r.mirror.idle(); // every send the delivery started has finished: a second DM would be here now
    expect(r.fake.dms(r.owner)).toHaveLength(1);
    expect(dm!.content).toBe(deliveryText(call.mantra, call.deadline, 'UTC', r.t.clock.now()));
    expect(dm!.content).toContain(call.mantra.text);
    expect(dm!.content).toContain(`<t:${Math.floor(call.deadline / 1000)}:R>`);
    expect(r.t.channel.of('deliver')).toHaveLength(1);
  });

  it('records the engine send time of a DM sent late, and closes that DM by it (no guessing from the text)', async () => {
    const r = await rig();
    r.t.engine.enroll(PROFILE);
    r.t.engine.deliverNow(PROFILE);
    const sentAt = r.t.clock.now();
    // The DM goes out on the channel's queue, after the mantra was already skipped and the clock moved on.
    r.t.clock.advanceBy(5 * 60_000);
    r.t.engine.skip(PROFILE);
    await r.t.engine.channelsIdle();
    const [delivered] = r.t.store.readLog(PROFILE).filter((e) => e.type === 'delivered');
    expect(delivered?.at).toBe(sentAt);
    const ledger = JSON.parse(readFileSync(join(r.t.dir, 'discord.json'), 'utf8')) as { open: object; recent: { sentAt: number }[] };
    expect(ledger.recent.map((d) => d.sentAt)).toEqual([sentAt]);
    expect(ledger.open).toEqual({});
    const [dm] = dms(r);
    expect(dm?.content).toContain('Skipped');
  });

  it('configure({ enabled: false }) stops the DMs and says so; turning it back on resumes them', async () => {
    const r = await rig();
    expect(r.mirror.status()).toMatchObject({ connection: 'connected', enabled: true });
    await deliver(r);
    await r.fake.waitFor(() => r.fake.dms(r.owner).length === 1, 3000, 'the first delivery DM');
    const posts = () => r.fake.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/messages')).length;

    const off = await r.mirror.configure({ enabled: false });
    expect(off).toMatchObject({ enabled: false, connection: 'off', hasToken: true, userId: r.owner });
    expect(r.t.engine.snapshot(PROFILE).discord).toMatchObject({ enabled: false, connection: 'off' });
    const postsBefore = posts();
    r.t.engine.skip(PROFILE);
    await deliver(r);
    await r.t.engine.channelsIdle();
    await r.mirror.idle();
    // The desktop still got the mantra; Discord got nothing.
    expect(r.t.channel.of('deliver')).toHaveLength(2);
    expect(r.fake.dms(r.owner)).toHaveLength(1);
    expect(posts()).toBe(postsBefore);

    const on = await r.mirror.configure({ enabled: true });
    expect(on).toMatchObject({ enabled: true, connection: 'connected' });
    expect(r.t.engine.snapshot(PROFILE).discord).toMatchObject({ enabled: true, connection: 'connected' });
    r.t.engine.skip(PROFILE);
    const call = await deliver(r);
    const dm = await r.fake.waitFor(() => r.fake.dms(r.owner).find((m) => m.content.includes(call.mantra.text) && m.content.includes('Your mantra')), 3000, 'the DM after turning it back on');
    expect(dm.content).toBe(deliveryText(call.mantra, call.deadline, 'UTC', r.t.clock.now()));
    // Counted as sent, not as the DMs read now: turning the mirror back on may edit the first DM (its mantra was skipped meanwhile).
    const deliveryPosts = r.fake.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/messages') && JSON.stringify(q.body).includes('Your mantra'));
    expect(deliveryPosts).toHaveLength(2);
  });
});

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
    // A barrier: DMs are handled in gateway order, so once the owner's later message has its reply, the stranger's was seen.
    const later = r.fake.userSendsDm(r.owner, 'something else entirely, not the mantra');
    await r.fake.waitFor(() => dms(r).find((m) => m.message_reference?.message_id === later.id), 3000, "the reply to the owner's later message");
    expect(r.t.engine.snapshot(PROFILE).state).toMatchObject({ answered: 0, current: call.mantra });
    expect(r.fake.dms(r.stranger)).toHaveLength(0);
    // The delivery and the owner's reply; nothing for the stranger.
    expect(r.fake.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/messages'))).toHaveLength(2);
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

  it('💤 under a delivery DM snoozes it: the DM says so, the same mantra comes back in a new DM with its deadline moved', async () => {
    const r = await rig();
    const { call, dm } = await deliveredDm(r);
    expect(JSON.stringify(dm.components)).toContain('mantra:snooze:30');
    const click = r.fake.userClicksButton(r.owner, dm.id, 'mantra:snooze:30');
    const [response] = await r.fake.waitFor(() => r.fake.responsesTo(click.id).length > 0 && r.fake.responsesTo(click.id), 3000, 'the snooze confirmation');
    expect(String((response!.body['data'] as { content: string }).content)).toMatch(/^💤 Snoozed until today at 10:30 \(UTC\) .*: the same mantra comes back then/);
    const snap = r.t.engine.snapshot(PROFILE);
    expect(snap.state.snoozedUntil).toBe(r.t.clock.now() + 30 * 60_000);
    expect(snap.status).toMatchObject({ kind: 'pending', deadline: call.deadline + 30 * 60_000 });
    await r.t.engine.channelsIdle();
    await r.fake.waitFor(
      () =>
        r.fake
          .dms(r.owner)
          .find((m) => m.id === dm.id)
          ?.content.includes('Snoozed'),
      3000,
      'the DM marked snoozed',
    );
    r.t.clock.advanceTo(r.t.clock.now() + 30 * 60_000);
    await r.t.engine.channelsIdle();
    const back = await r.fake.waitFor(() => dms(r).filter((m) => m.content.includes(call.mantra.text)).length === 2 && dms(r).at(-1), 3000, 'the mantra back');
    expect(back?.id).not.toBe(dm.id);
    // Answering it there still counts.
    const sent = r.fake.userSendsDm(r.owner, call.mantra.text);
    await r.fake.waitFor(() => dms(r).find((m) => m.message_reference?.message_id === sent.id), 3000, 'the result reply');
    expect(r.t.engine.snapshot(PROFILE).state.answered).toBe(1);
  });

  it('Turn off unenrolls', async () => {
    const r = await rig();
    r.t.engine.enroll(PROFILE);
    await r.mirror.offerDisable({ ...channelContext({ profileId: PROFILE }), failures: 3 });
    const offer = await r.fake.waitFor(() => dms(r).find((m) => m.content.includes('missed 3')), 3000, 'the offer');
    const click = r.fake.userClicksButton(r.owner, offer.id, 'mantra:off');
    await r.fake.waitFor(() => r.fake.responsesTo(click.id).length > 0, 3000, 'the confirmation');
    expect(r.t.engine.snapshot(PROFILE).status).toEqual({ kind: 'disabled', reason: 'user' });
  });
});

describe('Discord mirror: on a desktop host', () => {
  it('attachDesktopMirror wires channel and control; windows get a snapshot when the status changes', async () => {
    const { fake, owner } = await fakeWithOwner();
    const t = await openEngine();
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

  it('doctor reports what the running host reports (never the token), and probes again once the host is gone', async () => {
    const { fake, owner } = await fakeWithOwner();
    const t = await openEngine();
    const attached = await attachDesktopMirror(t.engine, { dataDir: t.dir, vault: memoryVault(), logger: createRecordingLogger() });
    let closed = false;
    cleanups.push(async () => void (closed || (await attached.close())));
    await t.engine.discord.configure({ token: fake.token, userId: owner, apiBase: fake.apiUrl });
    expect(t.engine.snapshot(PROFILE).discord.connection).toBe('connected');

    const reported = await doctorDiscordStatus(t.dir, {});
    expect(reported).toMatchObject({ connection: 'connected', userId: owner, hasToken: true, tokenStorage: 'memory' });
    expect(reported.detail).toMatch(new RegExp(`\\(as the running headless host, pid ${process.pid}, reports; token kept: memory\\)$`));
    const published = readFileSync(join(t.dir, STATUS_FILE), 'utf8');
    expect(published).not.toContain(fake.token);
    expect(formatCheck(discordCheckOf(reported))).toMatch(/^✓ Discord mirror: connected: /);
    // A Spanish `mantra doctor` words the host's sentence in Spanish, not as the host wrote it.
    const es = translator('es');
    const spanish = formatCheck(discordCheckOf(await doctorDiscordStatus(t.dir, {}, fetch, es), es));
    expect(spanish).toMatch(
      new RegExp(
        `^✓ reenvío a Discord: conectado: Conectado a Discord como \\S+\\. Los mantras se envían por MD al usuario ${owner} \\(según el host headless en marcha, PID ${process.pid}; token solo en memoria\\)$`,
      ),
    );
    expect(spanish).not.toMatch(/Connected|DMed/);

    closed = true;
    await attached.close();
    expect(existsSync(join(t.dir, STATUS_FILE))).toBe(false);
    // Nobody runs the mirror now: doctor says what it can find out itself.
    expect((await doctorDiscordStatus(t.dir, {})).connection).toBe('off');
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
