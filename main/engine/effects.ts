/** Performs a reducer's effects, which are data, in the order the reducer gave them. */
import type { ApiEvent } from '../../shared/api.js';
import type { Effect } from '../../shared/encounter.js';
import type { LogEntry } from '../../shared/encounter-log.js';
import type { DeliveryChannel } from './ports.js';

/** What performing needs, bound to one profile. */
export interface EffectTarget {
  log(entry: LogEntry): void;
  save(): void;
  /** Queues a call on every enabled channel; `what` names it in a failure message. */
  channels(what: string, call: (channel: DeliveryChannel, profileId: string) => Promise<void> | undefined): void;
  emit(event: ApiEvent): void;
  disabled(): void;
  arm(at: number | null): void;
}

export function performEffects(effects: readonly Effect[], t: EffectTarget): void {
  for (const effect of effects) {
    switch (effect.kind) {
      case 'log':
        t.log(effect.entry);
        break;
      case 'save':
        t.save();
        break;
      case 'deliver':
        t.channels('deliver', (c, id) => c.deliver(id, effect.mantra, effect.deadline));
        t.emit({ type: 'delivered', mantra: effect.mantra, deadline: effect.deadline });
        break;
      case 'settle':
        t.channels('settle', (c, id) => c.settle?.(id, effect.mantra, effect.outcome, effect.channel));
        break;
      case 'answerResult':
        t.channels('report the answer', (c, id) => c.answerResult?.(id, effect.verdict, effect.channel));
        t.emit({ type: 'answer', verdict: effect.verdict });
        break;
      case 'offerDisable':
        t.channels('offer to disable', (c, id) => c.offerDisable?.(id, effect.failures));
        break;
      case 'disabled':
        t.disabled();
        t.channels('report disabling', (c, id) => c.disabled?.(id, effect.reason));
        break;
      case 'arm':
        t.arm(effect.at);
        break;
    }
  }
}
