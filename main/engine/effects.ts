/** Performs a reducer's effects, which are data, in the order the reducer gave them. */
import type { ApiEvent } from '../../shared/api.js';
import type { Effect } from '../../shared/encounter.js';
import type { LogEntry } from '../../shared/encounter-log.js';
import type { ChannelContext, DeliveryChannel } from './ports.js';

/** What performing needs, bound to one profile. */
export interface EffectTarget {
  /** The profile as channels see it now (zone, locale, settings). */
  readonly context: ChannelContext;
  log(entry: LogEntry): void;
  save(): void;
  /** Queues a call on every enabled channel; `what` names it in a failure message. */
  channels(what: string, call: (channel: DeliveryChannel) => Promise<void> | undefined): void;
  emit(event: ApiEvent): void;
  disabled(): void;
  arm(at: number | null): void;
}

export function performEffects(effects: readonly Effect[], t: EffectTarget): void {
  const c = t.context;
  for (const effect of effects) {
    switch (effect.kind) {
      case 'log':
        t.log(effect.entry);
        break;
      case 'save':
        t.save();
        break;
      case 'deliver':
        t.channels('deliver', (ch) => ch.deliver({ ...c, mantra: effect.mantra, sentAt: effect.sentAt, deadline: effect.deadline }));
        t.emit({ type: 'delivered', mantra: effect.mantra, deadline: effect.deadline });
        break;
      case 'settle':
        t.channels('settle', (ch) => ch.settle?.({ ...c, mantra: effect.mantra, sentAt: effect.sentAt, outcome: effect.outcome, ...(effect.channel ? { answeredOn: effect.channel } : {}) }));
        break;
      case 'answerResult':
        t.channels('report the answer', (ch) => ch.answerResult?.({ ...c, verdict: effect.verdict, answeredOn: effect.channel }));
        t.emit({ type: 'answer', verdict: effect.verdict });
        break;
      case 'offerDisable':
        t.channels('offer to disable', (ch) => ch.offerDisable?.({ ...c, failures: effect.failures }));
        break;
      case 'disabled':
        t.disabled();
        t.channels('report disabling', (ch) => ch.disabled?.({ ...c, reason: effect.reason }));
        break;
      case 'arm':
        t.arm(effect.at);
        break;
    }
  }
}
