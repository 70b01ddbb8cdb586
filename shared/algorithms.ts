/** Named algorithms: what the app ships, and the references the simulator compares it with. */
import { fixedLearner, responseOnlyLearner, seedV2Learner } from './availability.js';
import type { Algorithm } from './encounter.js';
import { constantFrequency, tcpFrequency } from './frequency.js';
import type { DeliveryMode } from './settings.js';

export interface NamedAlgorithm {
  readonly algorithm: Algorithm;
  /** A mode the algorithm always runs in; otherwise the profile's own mode applies. */
  readonly mode?: DeliveryMode;
}

export const seedV2: Algorithm = Object.freeze({ name: 'seed-v2', learner: seedV2Learner, frequency: tcpFrequency });

/** What the app ships as its adaptive mode. */
export const defaultAlgorithm: Algorithm = Object.freeze({ ...seedV2, name: 'default' });

export const ALGORITHMS: Readonly<Record<string, NamedAlgorithm>> = Object.freeze({
  interval: { algorithm: { name: 'interval', learner: fixedLearner, frequency: constantFrequency }, mode: { kind: 'interval', hours: 24 } },
  'response-only': { algorithm: { name: 'response-only', learner: responseOnlyLearner, frequency: tcpFrequency }, mode: { kind: 'adaptive' } },
  'seed-v2': { algorithm: seedV2, mode: { kind: 'adaptive' } },
  default: { algorithm: defaultAlgorithm, mode: { kind: 'adaptive' } },
});
