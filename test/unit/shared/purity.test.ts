import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '../../../shared');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

// The domain runs identically in the app, the simulator and the browser: time and chance come in as arguments.
const forbidden: [RegExp, string][] = [
  [/from ['"]node:/, 'a node: import'],
  [/from ['"](fs|path|os|child_process|http|crypto)['"]/, 'a Node built-in import'],
  [/from ['"]electron['"]/, 'an electron import'],
  [/\bDate\.now\(/, 'Date.now()'],
  [/new Date\(\)/, 'new Date() without an argument'],
  [/\bMath\.random\(/, 'Math.random()'],
  [/\b(window|document|localStorage)\./, 'a DOM global'],
  [/\bprocess\./, 'process'],
];

describe('shared/ is the pure domain', () => {
  const files = sources(root);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(8);
  });

  for (const file of files) {
    it(`${relative(root, file)} uses no I/O, clock or global randomness`, () => {
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      const found = forbidden.filter(([re]) => re.test(text)).map(([, what]) => what);
      expect(found).toEqual([]);
    });
  }
});
