/** A failed Electron download is remembered: later starts fall back at once until asked to retry. */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronWords, rememberedRuntime, type ElectronRuntime } from '../../../main/launch.js';
import { translator } from '../../../shared/i18n/i18n.js';
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
    find: (): ElectronRuntime => (installed ? { ok: true, binary: '/opt/electron' } : { ok: false, reason: 'the Electron binary was never downloaded', problem: { kind: 'neverDownloaded' } }),
    fetch: () => {
      fetches.push(1);
      installed = network.works;
      return network.works ? { ok: true, detail: 'downloaded' } : { ok: false, detail: 'download failed: getaddrinfo ENOTFOUND', error: 'getaddrinfo ENOTFOUND' };
    },
    now: () => Date.UTC(2026, 0, 2, 3, 4),
  };
}

describe('rememberedRuntime', () => {
  it('tries the download once, then falls back without trying until --retry-electron', () => {
    const src = sources(false);
    const first = rememberedRuntime({ ...src, retry: false });
    expect(first).toMatchObject({ ok: false, reason: 'the Electron binary was never downloaded; download failed: getaddrinfo ENOTFOUND' });
    // The same as data, for the terminal to word: in German, the installer's own error inside.
    if (!first.ok) expect(electronWords(first, translator('de'))).toBe('das Electron-Programm wurde nie heruntergeladen; Download fehlgeschlagen: getaddrinfo ENOTFOUND');
    expect(src.fetches).toHaveLength(1);
    const second = rememberedRuntime({ ...src, retry: false });
    expect(src.fetches).toHaveLength(1);
    expect(second.ok).toBe(false);
    if (!second.ok)
      expect(second.reason).toBe(
        'the Electron binary was never downloaded; the download failed on 2026-01-02T03:04:00.000Z (download failed: getaddrinfo ENOTFOUND) — run "mantra start --retry-electron" (npm start -- --retry-electron) to try again',
      );
    if (!second.ok)
      expect(electronWords(second, translator('es'))).toBe(
        'el ejecutable de Electron nunca se descargó; la descarga falló el 2026-01-02T03:04:00.000Z (download failed: getaddrinfo ENOTFOUND) — ejecuta "mantra start --retry-electron" (npm start -- --retry-electron) para intentarlo de nuevo',
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
