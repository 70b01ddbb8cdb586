/**
 * The default algorithm with one component taken away at a time, so the simulator can
 * show what each one is worth (docs/simulator.md, "Ablation"). Simulator-only names:
 * the app never offers them.
 */
import { AIM, defaultAlgorithm, seedV2, type NamedAlgorithm } from '../algorithms.js';
import { exposureLearner } from '../availability.js';
import type { Algorithm } from '../encounter.js';
import { ALL_COMPONENTS, EXPOSURE_LEARNER } from '../learner.js';

const adaptive = { kind: 'adaptive' } as const;

function variant(name: string, algorithm: Omit<Algorithm, 'name'>): NamedAlgorithm {
  return { algorithm: Object.freeze({ ...algorithm, name }), mode: adaptive };
}

const { aim: _aim, ...defaultWithoutAim } = defaultAlgorithm;

/** Each name says what is missing from the default. */
export const ABLATIONS: Readonly<Record<string, NamedAlgorithm>> = Object.freeze({
  'default-no-aim': variant('default-no-aim', defaultWithoutAim),
  'default-no-neighbours': variant('default-no-neighbours', { ...defaultAlgorithm, learner: exposureLearner('no-neighbours', EXPOSURE_LEARNER, { ...ALL_COMPONENTS, neighbours: false }) }),
  'default-no-day-kinds': variant('default-no-day-kinds', { ...defaultAlgorithm, learner: exposureLearner('no-day-kinds', EXPOSURE_LEARNER, { ...ALL_COMPONENTS, dayKinds: false }) }),
  'default-one-memory': variant('default-one-memory', { ...defaultAlgorithm, learner: exposureLearner('one-memory', EXPOSURE_LEARNER, { ...ALL_COMPONENTS, twoMemories: false }) }),
  'default-no-restart': variant('default-no-restart', {
    ...defaultAlgorithm,
    learner: exposureLearner('no-restart', Object.freeze({ ...EXPOSURE_LEARNER, adoptLogBayesFactor: Infinity })),
  }),
  /** The seed's learner with the default's aimed scheduler: what exposure counting adds. */
  'seed-v2-aimed': variant('seed-v2-aimed', { ...seedV2, aim: AIM }),
});
