/** Where the installed app's files are (build/ icons, dist/renderer), from source or from dist/. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'mantra') return dir;
      } catch {
        // not ours; keep climbing
      }
    }
    if (dirname(dir) === dir) throw new Error(`cannot find Mantra's package.json above ${from}`);
  }
}

export const PACKAGE_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

export const appFiles = {
  icon: join(PACKAGE_ROOT, 'build', 'icon.png'),
  renderer: join(PACKAGE_ROOT, 'dist', 'renderer'),
  electronMain: join(PACKAGE_ROOT, 'dist', 'main', 'hosts', 'electron', 'main.js'),
};
