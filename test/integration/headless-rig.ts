/** What the headless-host tests share: a notification channel that always delivers, and the clean-up of what a test started. */
import { afterEach } from 'vitest';
import type { NotifyChannel } from '../../main/channels/notify.js';
import type { HeadlessHost } from '../../main/hosts/headless/headless.js';
import { removeDir } from '../unit/main/engine-harness.js';

export const quietNotify: NotifyChannel = {
  show: async () => ({ delivered: true }),
  onClick: () => () => {},
  check: async () => ({ ok: true, backend: 'fake', detail: 'fake backend' }),
};

/** Lists a test fills with the hosts it started and the directories it made; both are closed and removed after each test. */
export function headlessRig(): { readonly dirs: string[]; readonly hosts: HeadlessHost[] } {
  const dirs: string[] = [];
  const hosts: HeadlessHost[] = [];
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.close();
    for (const d of dirs.splice(0)) removeDir(d);
  });
  return { dirs, hosts };
}
