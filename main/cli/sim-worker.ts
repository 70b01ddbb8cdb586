/** A simulator worker thread: runs the jobs it is sent and posts each result back with its index. */
import { parentPort, workerData } from 'node:worker_threads';
import type { PartialParameters } from '../../shared/parameters.js';
import type { Archetype } from '../../shared/sim/archetype.js';
import { simulate, type MatrixJob } from '../../shared/sim/run.js';
import { installZoneRules } from '../zoneinfo.js';

export interface SimWorkerData {
  readonly archetypes: readonly Archetype[];
  readonly days: number;
  /** Checked by the parent (`--params`). */
  readonly params: PartialParameters | null;
}
export interface SimWorkerRequest {
  readonly index: number;
  readonly job: MatrixJob;
}

const port = parentPort;
if (!port) throw new Error('sim-worker.js runs only as a worker thread');
const { archetypes, days, params } = workerData as SimWorkerData;
// The same offsets as the parent's in-process runs (runSimCli installs them too).
installZoneRules();

port.on('message', ({ index, job }: SimWorkerRequest) => {
  const archetype = archetypes[job.archetype];
  if (!archetype) throw new RangeError(`no archetype #${job.archetype + 1}`);
  port.postMessage({ index, result: simulate({ archetype, algorithm: job.algorithm, seed: job.seed, days, ...(params ? { params } : {}) }) });
});
