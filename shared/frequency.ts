/** TCP-style frequency control: answers open the window a little, timeouts close it. */
import { FREQUENCY } from './constants.js';

export type FrequencyParams = { readonly [K in keyof typeof FREQUENCY]: number };

export type Outcome = { readonly kind: 'answered'; readonly responseMs: number } | { readonly kind: 'timeout' };

export function adjustFrequency(frequency: number, outcome: Outcome, p: FrequencyParams = FREQUENCY): number {
  const factor = outcome.kind === 'timeout' ? p.decrease : outcome.responseMs < p.fastAnswerMs ? p.increaseFast : p.increaseNormal;
  return Math.min(p.max, Math.max(p.min, frequency * factor));
}

export interface FrequencyPolicy {
  readonly name: string;
  next(frequency: number, outcome: Outcome): number;
}

/** Seed's controller with the given constants (the simulator varies them; parameters.ts). */
export function tcpFrequencyWith(p: FrequencyParams): FrequencyPolicy {
  return Object.freeze({ name: 'tcp', next: (f: number, o: Outcome) => adjustFrequency(f, o, p) });
}

/** Seed's controller: x1.1 fast answer, x1.05 answer, x0.9 timeout, within 0.33-6.0 a day. */
export const tcpFrequency: FrequencyPolicy = tcpFrequencyWith(FREQUENCY);

/** Keeps the frequency where it is (the interval reference). */
export const constantFrequency: FrequencyPolicy = Object.freeze({ name: 'constant', next: (f: number) => f });
