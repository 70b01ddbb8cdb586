/** A failed Electron download is remembered: later starts fall back at once until asked to retry. */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rememberedRuntime, type ElectronRuntime } from '../../../main/launch.js';
import { removeDir, tempDataDir } from './engine-harness.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

function sources(works: boolean) {
  const network = { works };
  const dir = tempDataDir();
  dirs.push(dir);
  let installed = false;
  const fetches: number[] = [];
  return {
    network,
    fetches,
    marker: join(dir, 'cache', 'electron-download-failed.json'),
    find: (): ElectronRuntime => (installed ? { ok: true, binary: '/opt/electron' } : { ok: false, reason: 'the Electron binary was never downloaded' }),
    fetch: () => {
      fetches.push(1);
      installed = network.works;
      return network.works ? { ok: true, detail: 'downloaded' } : { ok: false, detail: 'download failed: getaddrinfo ENOTFOUND' };
    },
    now: () => Date.UTC(2026, 0, 2, 3, 4),
  };
}

describe('rememberedRuntime', () => {
  it('tries the download once, then falls back without trying until --retry-electron', () => {
    const src = sources(false);
    expect(rememberedRuntime({ ...src, retry: false })).toEqual({ ok: false, reason: 'the Electron binary was never downloaded; download failed: getaddrinfo ENOTFOUND' });
    expect(src.fetches).toHaveLength(1);
    const second = rememberedRuntime({ ...src, retry: false });
    expect(src.fetches).toHaveLength(1);
    expect(second.ok).toBe(false);
    if (!second.ok)
      expect(second.reason).toBe(
        'the Electron binary was never downloaded; the download failed on 2026-01-02T03:04:00.000Z (download failed: getaddrinfo ENOTFOUND) — run "mantra start --retry-electron" (npm start -- --retry-electron) to try again',
      );
    rememberedRuntime({ ...src, retry: true });
    expect(src.fetches).toHaveLength(2);
  });

  it('a retry that works forgets the failure; a marker it cannot read still counts as a failure', () => {
    const src = sources(false);
    rememberedRuntime({ ...src, retry: false });
    expect(existsSync(src.marker)).toBe(true);
    src.network.works = true;
    expect(rememberedRuntime({ ...src, retry: true })).toEqual({ ok: true, binary: '/opt/electron' });
    expect(existsSync(src.marker)).toBe(false);
    const broken = sources(false);
    rememberedRuntime({ ...broken, retry: false });
    writeFileSync(broken.marker, 'not json');
    const r = rememberedRuntime({ ...broken, retry: false });
    expect(broken.fetches).toHaveLength(1);
    if (!r.ok) expect(r.reason).toMatch(/failed on an earlier start — run "mantra start --retry-electron"/);
  });
});
