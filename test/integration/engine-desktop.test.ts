// The engine delivers through the real node-notifier -> notify-send -> D-Bus -> dunst path,
// wired exactly as the headless host wires it, and the notification is read back from dunst.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../main/engine/clock.js';
import { startHeadless, type HeadlessHost } from '../../main/hosts/headless/headless.js';
import { createRecordingLogger } from '../../main/logger.js';
import { appFiles } from '../../main/package-root.js';
import { startDesktopSession, type DesktopSession } from '../fakes/desktop-session.js';
import { PROFILE, removeDir, tempDataDir } from '../unit/main/engine-harness.js';

const saved = { ...process.env };

describe.runIf(process.platform === 'linux')('desktop notification from the engine', () => {
  let session: DesktopSession;
  let host: HeadlessHost;
  let dir: string;
  const clock = createManualClock(Date.UTC(2026, 5, 1, 9));

  beforeAll(async () => {
    session = await startDesktopSession();
    // node-notifier runs notify-send with process.env; there is no per-call env.
    Object.assign(process.env, session.env);
    dir = tempDataDir();
    host = await startHeadless({ dataDir: join(dir, 'data'), port: 0, clock, logger: createRecordingLogger(), print: () => {} });
  });
  afterAll(async () => {
    await host?.close();
    await session?.close();
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    if (dir) removeDir(dir);
  });

  it('a timed delivery shows the mantra text under the app name Mantra with the app icon', async () => {
    host.engine.enroll(PROFILE);
    clock.advanceBy(30_000);
    await host.engine.channelsIdle();
    const mantra = host.engine.snapshot(PROFILE).state.current;
    expect(mantra).not.toBeNull();

    const history = await session.history();
    const shown = history.find((n) => n.body === mantra!.text);
    expect(shown, JSON.stringify(history)).toBeDefined();
    expect(shown!.appname).toBe('Mantra');
    expect(shown!.summary).toMatch(/^Type it back by /);
    expect(shown!.icon).toBe(appFiles.icon);
  });

  it('with notifications turned off in settings, nothing is shown', async () => {
    host.engine.skip(PROFILE);
    host.engine.updateSettings(PROFILE, { notifications: false });
    const before = (await session.history()).length;
    host.engine.deliverNow(PROFILE);
    await host.engine.channelsIdle();
    expect((await session.history()).length).toBe(before);
  });
});
