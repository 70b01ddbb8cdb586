/**
 * The headless host as the crash test runs it in a child process: the real runHeadless (lock,
 * engine, file store, HTTP server, stop signals) on the data directory given as argument,
 * with notifications that go nowhere (hundreds of deliveries must not reach the desktop).
 */
import type { NotifyChannel } from '../../../main/channels/notify.js';
import { runHeadless } from '../../../main/hosts/headless/headless.js';

const quiet: NotifyChannel = { show: async () => ({ delivered: true }), onClick: () => () => {}, check: async () => ({ ok: true, backend: 'none', detail: 'crash test' }) };
const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: host-child DATA_DIR');
runHeadless({ dataDir, port: 0, notify: quiet, rendererDir: `${dataDir}/no-renderer` }).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.stack : String(e));
    process.exit(1);
  },
);
