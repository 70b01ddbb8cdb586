#!/usr/bin/env node
// Manual check of the Discord mirror with a real bot token: what the loopback tests cannot
// prove (Discord accepts the token and intents, the bot may DM you, how it looks, real limits).
//
//   npm run build:main
//   MANTRA_DISCORD_TOKEN=... node scripts/discord-manual-check.mjs <your Discord user ID> [--wait 180]
//
// It runs the real mirror and engine on a throwaway data directory (your own data is never
// touched), DMs you one mantra, waits for you to type it back in that DM, and prints each step.
// Optional: MANTRA_DISCORD_API=<REST base URL> for a Discord-compatible server.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = process.env.MANTRA_DIST ?? join(here, '..', 'dist');

const args = process.argv.slice(2);
const userId = args.find((a) => /^\d{17,20}$/.test(a));
const waitIndex = args.indexOf('--wait');
const waitSeconds = waitIndex >= 0 ? Number(args[waitIndex + 1]) : 180;
const token = process.env.MANTRA_DISCORD_TOKEN?.trim();

function usage(problem) {
  console.error(`discord-manual-check: ${problem}\n\nusage: MANTRA_DISCORD_TOKEN=<bot token> node scripts/discord-manual-check.mjs <your Discord user ID> [--wait SECONDS]`);
  process.exit(2);
}
if (!token) usage('MANTRA_DISCORD_TOKEN is not set');
if (!userId) usage('give your Discord user ID (17-20 digits; Developer Mode > right-click your name > Copy User ID)');
if (!Number.isFinite(waitSeconds) || waitSeconds < 10) usage('--wait needs a number of seconds (at least 10)');
if (!existsSync(join(dist, 'main', 'channels', 'discord', 'mirror.js'))) usage(`no build in ${dist}: run "npm run build:main" first`);

const load = (path) => import(pathToFileURL(join(dist, path)).href);
const { DiscordMirror } = await load('main/channels/discord/mirror.js');
const { Engine } = await load('main/engine.js');
const { openFileStore } = await load('main/store/file-store.js');

const results = [];
const step = (ok, label, detail = '') => {
  results.push(ok);
  console.log(`${ok ? 'ok  ' : 'FAIL'}  ${label}${detail ? ` — ${detail}` : ''}`);
};
const logger = { info: (m) => console.log(`      ${m}`), warn: (m) => console.log(`      warning: ${m}`), error: (m) => console.log(`      error: ${m}`) };

const dir = mkdtempSync(join(tmpdir(), 'mantra-discord-check-'));
const store = await openFileStore({ dataDir: dir, logger });
const desktop = [];
const engine = new Engine({ store, logger, host: 'headless', channels: [{ name: 'desktop (stand-in)', deliver: async (_p, mantra) => void desktop.push(mantra) }] });
const mirror = new DiscordMirror({
  engine,
  audience: 'owner',
  profileId: 'check',
  dataDir: dir,
  token,
  userId,
  logger,
  ...(process.env.MANTRA_DISCORD_API ? { apiBase: process.env.MANTRA_DISCORD_API.replace(/\/+$/, '') } : {}),
});
engine.addChannel(mirror);
engine.useDiscord(mirror);

let exitCode = 1;
try {
  await mirror.start();
  engine.start();
  const status = await mirror.whenSettled(30_000);
  step(status.connection === 'connected', 'log in with the token and the DirectMessages intent', `${status.connection}: ${status.detail}`);
  if (status.connection !== 'connected') throw new Error('stopping here: fix the login first');
  await new Promise((r) => setTimeout(r, 1500)); // let /mantra registration finish (its outcome is logged above)

  engine.ensureProfile('check');
  engine.enroll('check');
  engine.deliverNow('check');
  await engine.channelsIdle();
  await mirror.idle();
  const mantra = engine.snapshot('check').state.current;
  step(desktop.length === 1, 'the desktop channel got the delivery too');
  const afterDm = mirror.status();
  step(afterDm.connection === 'connected', `DM user ${userId}`, afterDm.connection === 'connected' ? 'sent' : `${afterDm.connection}: ${afterDm.detail}`);
  if (afterDm.connection !== 'connected') throw new Error('stopping here: the bot cannot DM you');

  console.log(`\n      Now type this back in your DM with the bot (you have ${waitSeconds} s):\n\n        ${mantra.text}\n`);
  const verdict = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), waitSeconds * 1000);
    engine.subscribe((_id, event) => {
      if (event.type === 'answer' && event.verdict.accepted) {
        clearTimeout(timer);
        resolve(event.verdict);
      } else if (event.type === 'answer') console.log(`      not quite (${Math.round(event.verdict.similarity * 100)}% alike); try again`);
    });
  });
  step(verdict !== null, 'your reply reached the engine as an answer', verdict ? `+${verdict.points} points, streak ${verdict.streak}` : 'no accepted answer in time');
  await engine.channelsIdle();
  await mirror.idle();
  step(mirror.status().connection === 'connected', 'the bot replied and edited the mantra DM', mirror.status().detail);

  console.log(`
      Check by eye in Discord (only a real client shows these):
        - the mantra DM now says "Answered here", and the reply has a ⭐ button (click it once);
        - typing / in the DM offers /mantra with enroll, unenroll, settings, stats, mode, pause, resume, next
          (try /mantra stats: it answers only you); the commands stay registered for this bot.`);
  exitCode = results.every(Boolean) ? 0 : 1;
} catch (e) {
  console.log(`\n${e instanceof Error ? e.message : String(e)}`);
} finally {
  await mirror.stop();
  await engine.stop();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`\n${results.filter(Boolean).length}/${results.length} checks passed`);
process.exit(exitCode);
