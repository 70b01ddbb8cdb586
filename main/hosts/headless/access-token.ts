/** The access token of the headless host: 32 random bytes, created once, kept 0600 in the data directory. */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { writeFileAtomically } from '../../store/atomic-file.js';

const TOKEN_PATTERN = /^[0-9a-f]{64}$/;

export function loadAccessToken(path: string): string {
  if (existsSync(path)) {
    const token = readFileSync(path, 'utf8').trim();
    if (TOKEN_PATTERN.test(token)) {
      // Someone loosened the mode (a copy, a restore): tighten it again.
      if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
      return token;
    }
  }
  const token = randomBytes(32).toString('hex');
  writeFileAtomically(path, `${token}\n`);
  return token;
}

/** Constant-time comparison, so response timing does not leak how much of a guess was right. */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
