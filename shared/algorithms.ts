/** Named algorithms: what the app ships, and the references the simulator compares it with. */
import { fixedLearner, responseOnlyLearnerWith, seedV2LearnerWith } from './availability.js';
import type { Algorithm } from './encounter.js';
import { constantFrequency, tcpFrequencyWith } from './frequency.js';
import { DEFAULT_PARAMETERS, type MantraParameters } from './parameters.js';
import { exposureLearner } from './availability.js';
import { AIMED_SCHEDULER } from './learner.js';
import type { DeliveryMode, LearnerChoice } from './settings.js';

export interface NamedAlgorithm {
  readonly algorithm: Algorithm;
  /** A mode the algorithm always runs in; otherwise the profile's own mode applies. */
  readonly mode?: DeliveryMode;
}

/** Where the default scheduler looks for a better hour around the natural time (shared/learner.ts). */
export const AIM = AIMED_SCHEDULER;

/**
 * Every named algorithm with its learner and frequency controller built from `params`.
 *
 * @example
 * const table = algorithmsWith(parameters({ learner: { learningRate: 0.3 } }));
 * table['seed-v2'].algorithm.learner.onAnswer(curve, 9, [7, 8]);
 */
export function algorithmsWith(params: MantraParameters): Readonly<Record<string, NamedAlgorithm>> {
  const seed: Algorithm = Object.freeze({ name: 'seed-v2', learner: seedV2LearnerWith(params.learner), frequency: tcpFrequencyWith(params.frequency) });
  return Object.freeze({
    interval: { algorithm: { name: 'interval', learner: fixedLearner, frequency: constantFrequency }, mode: { kind: 'interval', hours: 24 } },
    'response-only': { algorithm: { name: 'response-only', learner: responseOnlyLearnerWith(params.learner), frequency: tcpFrequencyWith(params.frequency) }, mode: { kind: 'adaptive' } },
    'seed-v2': { algorithm: seed, mode: { kind: 'adaptive' } },
    // Exposure-counted rates (shared/learner.ts, its own frozen EXPOSURE_LEARNER), aimed scheduling, the seed's TCP frequency.
    default: { algorithm: Object.freeze({ name: 'default', learner: exposureLearner('default'), frequency: tcpFrequencyWith(params.frequency), aim: AIM }), mode: { kind: 'adaptive' } },
  });
}

/** The named algorithms with the shipped parameters. */
export const ALGORITHMS: Readonly<Record<string, NamedAlgorithm>> = algorithmsWith(DEFAULT_PARAMETERS);

export const seedV2: Algorithm = ALGORITHMS['seed-v2']!.algorithm;

/** What the app ships as its adaptive mode. */
export const defaultAlgorithm: Algorithm = ALGORITHMS.default!.algorithm;

/** The seed's algorithm under the name the app's advanced setting shows ("Classic (V2)"). */
export const classicAlgorithm: Algorithm = Object.freeze({ ...seedV2, name: 'classic' });

/** The algorithm behind a profile's learner setting. */
export function algorithmFor(choice: LearnerChoice): Algorithm {
  return choice === 'classic' ? classicAlgorithm : defaultAlgorithm;
}
