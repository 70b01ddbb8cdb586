import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { join } from 'node:path';

// The layering rules live in eslint.config.js; this checks they bite. Probes are linted as if they
// sat in shared/ or renderer/ (they are not on disk, so the type-aware rules are off for them).
const eslint = new ESLint({
  cwd: join(import.meta.dirname, '../..'),
  overrideConfig: {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: false, project: null } },
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/await-thenable': 'off', '@typescript-eslint/no-misused-promises': 'off' },
  },
});

async function problems(filePath: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${text}\n`, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('shared/ stays pure (eslint.config.js)', () => {
  const cases: [string, string, RegExp][] = [
    ['a node: import', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;", /no Node built-ins/],
    ['a bare Node built-in', "import { join } from 'path';\nexport const f = join;", /no Node built-ins/],
    ['electron', "import { app } from 'electron';\nexport const f = app;", /no Electron/],
    ['a package other than zod', "import lodash from 'lodash';\nexport const f = lodash;", /zod and i18next only/],
    ['main/', "import { Engine } from '../main/engine/engine.js';\nexport const f = Engine;", /Imports point down only/],
    ['Date.now()', 'export const t = Date.now();', /takes `now` as an argument/],
    ['new Date() without an argument', 'export const t = new Date().getTime();', /reads the clock/],
    ['Math.random()', 'export const r = Math.random();', /seeded rng/],
    ['a DOM global', 'export const w = window.innerWidth;', /no DOM/],
    ['process', 'export const e = process.env.HOME;', /has no process/],
    ['a timer', 'setTimeout(() => undefined, 1);', /no timers/],
  ];
  for (const [what, text, message] of cases) {
    it(`rejects ${what}`, async () => {
      expect((await problems('shared/probe.ts', text)).join('\n')).toMatch(message);
    });
  }

  it('accepts what the domain does use: zod, its siblings, dates from a given time', async () => {
    const text = "import { z } from 'zod';\nimport { localDate } from './zone.js';\nexport const d = (now: number) => [z.number().parse(now), localDate(now, 'UTC'), new Date(now).getUTCDay()];";
    expect(await problems('shared/probe.ts', text)).toEqual([]);
  });
});

describe('renderer/ reaches the engine only through the contract (eslint.config.js)', () => {
  const cases: [string, string, RegExp][] = [
    ['main/', "import { Engine } from '../main/engine/engine.js';\nexport const f = Engine;", /only through MantraApi/],
    ['electron', "import { ipcRenderer } from 'electron';\nexport const f = ipcRenderer;", /only through MantraApi/],
    ['a Node built-in', "import fs from 'node:fs';\nexport const f = fs;", /runs in a browser/],
    ['the simulator', "import { runSimulation } from '../shared/sim/run.js';\nexport const f = runSimulation;", /simulator is not part of the window/],
    ['test code', "import { x } from '../test/component/setup';\nexport const f = x;", /no test code/],
    ['another package', "import lodash from 'lodash';\nexport const f = lodash;", /react, react-dom, react-i18next, i18next and zod only/],
  ];
  for (const [what, text, message] of cases) {
    it(`rejects ${what}`, async () => {
      expect((await problems('renderer/pages/probe.tsx', text)).join('\n')).toMatch(message);
    });
  }

  it('accepts the contract, the pure domain and React', async () => {
    const text =
      "import { useState } from 'react';\nimport type { MantraApi } from '../../shared/api.js';\nimport { localDate } from '../../shared/zone.js';\nexport function useX(api: MantraApi) { const [s] = useState(0); return [api, s, localDate(0, 'UTC')]; }";
    expect(await problems('renderer/pages/probe.tsx', text)).toEqual([]);
  });
});

describe('main/ ships no dev-only code (eslint.config.js)', () => {
  it('rejects a test or build tool', async () => {
    expect((await problems('main/engine/probe.ts', "import { vi } from 'vitest';\nexport const f = vi;")).join('\n')).toMatch(/dev-only package/);
    expect((await problems('main/engine/probe.ts', "import { x } from '../../renderer/app';\nexport const f = x;")).join('\n')).toMatch(/never imports its source/);
  });
});
