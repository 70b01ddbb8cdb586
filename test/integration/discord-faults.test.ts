/**
 * The Discord mirror when things go wrong, with the real discord.js against the loopback
 * Discord and the real engine: restarts, dropped gateways, 429s, bad tokens, closed DMs,
 * outages. The recording channel stands for the desktop, which must never notice.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backoffDelay, cannotDmDetail, classify, scrub, TimeoutError } from '../../main/channels/discord/faults.js';
import { discordStatusSaidSchema, said } from '../../shared/discord-status.js';
import { discordStatusWords } from '../../shared/i18n/discord-status-words.js';
import { translator } from '../../shared/i18n/i18n.js';
import { openTestEngine, PROFILE, removeDir, tempDataDir } from '../unit/main/engine-harness.js';
import { deliver, deliveredDm, dms, quiet, useDiscordRigs } from './discord-harness.js';

const { cleanups, fakeWithOwner, openEngine, startMirror, rig } = useDiscordRigs();

describe('Discord mirror: restarts and faults', () => {
  /** A first run on a kept data dir: one mantra delivered and DMed, then the mirror and the engine stopped. */
  async function deliverAndStop() {
    const { fake, owner } = await fakeWithOwner();
    const dir = tempDataDir();
    cleanups.push(() => removeDir(dir));
    const t1 = await openTestEngine({ dir });
    const first = await startMirror(t1, fake, owner);
    t1.engine.enroll(PROFILE);
    t1.engine.deliverNow(PROFILE);
    await t1.engine.channelsIdle();
    const call = t1.channel.of('deliver')[0]!;
    const dm = await fake.waitFor(() => fake.dms(owner)[0], 3000, 'the delivery DM');
    await first.mirror.stop();
    await t1.engine.stop();
    return { fake, owner, dir, t1, call, dm };
  }

  it('a fresh mirror after a restart takes the reply to the DM sent before it, and sends nothing again', async () => {
    const { fake, owner, dir, t1, call, dm } = await deliverAndStop();

    const t2 = await openTestEngine({ dir, clock: t1.clock });
    cleanups.push(() => t2.engine.stop());
    const second = await startMirror(t2, fake, owner);
    expect(second.mirror.status().connection).toBe('connected');
    expect(fake.identifies).toHaveLength(2);
    t2.clock.advanceBy(60_000);
    const sent = fake.userSendsDm(owner, call.mantra.text);
    const reply = await fake.waitFor(() => fake.dms(owner).find((m) => m.message_reference?.message_id === sent.id), 3000, 'the result reply');
    expect(reply.content).toContain('points');
    expect(t2.engine.snapshot(PROFILE).state.answered).toBe(1);
    const edit = await fake.waitFor(() => fake.edits.find((e) => e.messageId === dm.id), 3000, 'the old DM edited');
    expect(edit.message.content).toContain('Answered here');
    expect(fake.dms(owner).filter((m) => m.content.includes('Your mantra'))).toHaveLength(1);
  });

  it('after a restart, a DM whose mantra timed out meanwhile is edited to say so, not resent', async () => {
    const { fake, owner, dir, t1, call, dm } = await deliverAndStop();

    // Down past the deadline: the engine times the mantra out at start (and sends the next), before Discord is back.
    t1.clock.jump(call.deadline + 60_000);
    const t2 = await openTestEngine({ dir, clock: t1.clock });
    cleanups.push(() => t2.engine.stop());
    expect(
      t2.store
        .readLog(PROFILE)
        .map((e) => e.type)
        .slice(-2),
    ).toEqual(['timedOut', 'delivered']);
    await startMirror(t2, fake, owner);
    const edit = await fake.waitFor(() => fake.edits.find((e) => e.messageId === dm.id), 3000, 'the stale DM edited');
    expect(edit.message.content).toContain('Missed');
    // The next mantra went out while the mirror was not there yet: it is DMed once it is.
    const next = t2.engine.snapshot(PROFILE).state.current!;
    await fake.waitFor(() => fake.dms(owner)[1], 3000, 'the open mantra DMed on catching up');
    expect(fake.dms(owner)).toHaveLength(2);
    expect(fake.dms(owner)[1]!.content).toContain(next.text);
  });

  it('a DM posted just before a crash, but not recorded, is not posted twice: the same nonce gives the same message', async () => {
    const { fake, owner, dir, t1, dm } = await deliverAndStop();
    // The crash came between Discord's answer and the ledger's write: the ledger knows no open DM.
    const ledgerFile = join(dir, 'discord.json');
    const ledger = JSON.parse(readFileSync(ledgerFile, 'utf8')) as { open: Record<string, unknown> };
    ledger.open = {};
    writeFileSync(ledgerFile, JSON.stringify(ledger));
    const t2 = await openTestEngine({ dir, clock: t1.clock });
    cleanups.push(() => t2.engine.stop());
    const second = await startMirror(t2, fake, owner);
    // The catch-up posts the open mantra again, with the nonce of its first post.
    await fake.waitFor(() => fake.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/messages')).length >= 2 || undefined, 3000, 'the second post');
    await second.mirror.idle();
    expect(fake.dms(owner)).toHaveLength(1);
    expect(fake.dms(owner)[0]!.id).toBe(dm.id);
    const recorded = JSON.parse(readFileSync(ledgerFile, 'utf8')) as { open: Record<string, { messageId: string }> };
    expect(recorded.open[PROFILE]?.messageId).toBe(dm.id);
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
    await r.mirror.idle(); // the retry is done: a third POST would have been made by now
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
    expect(discordStatusWords(r.mirror.status(), translator('de'))).toMatch(/^Discord hat das Bot-Token abgelehnt \(401 Unauthorized\)\. Hol dir ein neues/);
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

  it('Discord down: desktop delivery goes on, the mirror reconnects with backoff and then DMs the still-open mantra once', async () => {
    const r = await rig({ rest: { timeout: 2000, retries: 0 } });
    r.fake.setDown(true);
    await r.fake.waitFor(() => r.mirror.status().connection === 'reconnecting', 5000, 'reconnecting');
    const call = await deliver(r);
    await r.mirror.idle();
    expect(r.t.channel.of('deliver')).toHaveLength(1);
    expect(dms(r)).toHaveLength(0);

    r.fake.setDown(false);
    await r.fake.waitFor(() => r.mirror.status().connection === 'connected', 10_000, 'connected again');
    // The mantra is still out: it is DMed now, once.
    await r.fake.waitFor(() => dms(r)[0], 5000, 'the open mantra DMed when Discord is back');
    await r.mirror.idle();
    expect(dms(r)).toHaveLength(1);
    expect(dms(r)[0]!.content).toContain(call.mantra.text);
    // And a reply still answers it.
    const sent = r.fake.userSendsDm(r.owner, call.mantra.text);
    await r.fake.waitFor(() => dms(r).find((m) => m.message_reference?.message_id === sent.id), 3000, 'the result reply');
    expect(r.t.engine.snapshot(PROFILE).state.answered).toBe(1);
  });
});

describe('Discord mirror: login retries', () => {
  it('a login while Discord is down is retried with growing waits, then connects', async () => {
    const { fake, owner } = await fakeWithOwner();
    fake.setDown(true);
    const t = await openEngine();
    const { mirror } = await startMirror(t, fake, owner, { backoff: { initialMs: 100, maxMs: 400 }, rest: { timeout: 2000, retries: 0 } });
    expect(mirror.status().connection).toBe('reconnecting');
    expect(mirror.status().detail).toMatch(/Could not reach Discord .*trying again in/);
    expect(discordStatusWords(mirror.status(), translator('es'))).toMatch(/^No se pudo conectar con Discord \(.+\); se vuelve a intentar en \d+ s \(intento \d+\)\.$/);
    const logins = () => fake.requests.filter((q) => q.path === '/gateway/bot');
    await fake.waitFor(() => logins().length >= 4, 5000, 'four login attempts');
    const gaps = logins()
      .slice(1, 4)
      .map((q, i) => q.at - logins()[i]!.at);
    expect(gaps[1]!).toBeGreaterThan(gaps[0]! * 1.2);
    expect(gaps[2]!).toBeLessThanOrEqual(400 + 250);

    fake.setDown(false);
    await fake.waitFor(() => mirror.status().connection === 'connected', 3000, 'connected');
    await fake.waitFor(() => fake.registeredCommands.length === 1, 3000, '/mantra registered');
  });
});

describe('Discord mirror: configuration and the token', () => {
  it('takes the token through configure, keeps it only in the vault, and reports off until complete', async () => {
    const { fake, owner } = await fakeWithOwner();
    const t = await openEngine();
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
    expect(classify({ status: 403, code: 50007, message: 'Cannot send messages to this user' }, '42')).toEqual({
      connection: 'cannot-dm',
      detail: cannotDmDetail('42'),
      said: { key: 'cannotDm', params: { userId: '42' } },
    });
    expect(classify({ status: 503, message: 'Service Unavailable' }, null)).toEqual({
      connection: 'error',
      detail: 'Discord request failed: Service Unavailable (HTTP 503)',
      said: { key: 'failed', params: { reason: 'Service Unavailable (HTTP 503)' } },
    });
  });

  it("says each status in German and Spanish from its data; only the system's own reason stays as it came", () => {
    const de = translator('de');
    const es = translator('es');
    const cannotDm = classify({ status: 403, code: 50007, message: 'Cannot send messages to this user' }, '42');
    expect(discordStatusWords(cannotDm, de)).toMatch(/^Discord lässt den Bot dem Nutzer 42 keine DM schicken \(DMs geschlossen/);
    expect(discordStatusWords(cannotDm, es)).toMatch(/^Discord no deja que el bot envíe un MD al usuario 42 \(MD cerrados/);
    const timeout = classify(new TimeoutError('sending the DM', 15_000), '42');
    expect(timeout.detail).toBe('Discord did not answer within 15 s; Mantra tries again with the next mantra.');
    expect(discordStatusWords(timeout, de)).toBe('Discord hat nicht innerhalb von 15 s geantwortet; Mantra versucht es mit dem nächsten Mantra erneut.');
    expect(discordStatusWords(timeout, es)).toBe('Discord no respondió en 15 s; Mantra lo volverá a intentar con el próximo mantra.');
    const failed = classify({ status: 503, message: 'Service Unavailable' }, null);
    expect(discordStatusWords(failed, de)).toBe('Die Anfrage an Discord ist fehlgeschlagen: Service Unavailable (HTTP 503)');
    // Mantra's own reason for a failed login is worded too.
    const retrying = said('retrying', { reasonKey: 'gatewayClosed', code: 4000, seconds: 4, attempt: 2 });
    expect(retrying.detail).toBe('Could not reach Discord (the gateway closed the connection (code 4000)); trying again in 4 s (attempt 2).');
    expect(discordStatusWords(retrying, es)).toBe('No se pudo conectar con Discord (el gateway cerró la conexión (código 4000)); se vuelve a intentar en 4 s (intento 2).');
    expect(discordStatusWords(said('connectedDm', { bot: '', userId: '42' }), de)).toBe('Mit Discord verbunden als der Bot. Mantras gehen per DM an den Nutzer 42.');
    // A very long system error still fits the status file doctor reads.
    const long = said('failed', { reason: 'x'.repeat(5000) });
    expect(discordStatusSaidSchema.safeParse(long.said).success).toBe(true);
    expect(long.detail.length).toBeLessThanOrEqual(2000);
    // Without data (an older host) the English sentence is all there is.
    expect(discordStatusWords({ detail: 'Connected.' }, de)).toBe('Connected.');
  });

  it('backs off exponentially with jitter, capped', () => {
    const b = { initialMs: 1000, maxMs: 8000 };
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffDelay(n, b, 0))).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    expect(backoffDelay(3, b, 1)).toBe(3200);
  });
});

describe('Discord mirror: changing only the user', () => {
  it('keeps the login, DMs the new user, and forgets the old closed-DM verdict', async () => {
    const r = await rig();
    r.fake.setDmClosed(r.owner, true);
    await r.mirror.sendTestDm();
    expect(r.mirror.status().connection).toBe('cannot-dm');
    await expect(r.mirror.configure({ apiBase: 'javascript:alert(1)' })).rejects.toThrow(/http\(s\) URL/);

    const other = r.fake.addUser({ username: 'other' }).id;
    expect(await r.mirror.configure({ userId: other })).toMatchObject({ connection: 'connected', userId: other });
    expect(r.fake.identifies).toHaveLength(1);
    expect((await r.mirror.sendTestDm()).connection).toBe('connected');
    expect(r.fake.dms(other)).toHaveLength(1);

    expect(await r.mirror.configure({ userId: '' })).toMatchObject({ connection: 'off', userId: null });
    expect(r.fake.liveSessions).toBe(0);
  });
});
