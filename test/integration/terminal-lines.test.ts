import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../main/engine/clock.js';
import { startHeadless } from '../../main/hosts/headless/headless.js';
import { LOG_DIR, openFileLogger } from '../../main/hosts/log-file.js';
import { terminalLogger } from '../../main/logger.js';
import { translator } from '../../shared/i18n/i18n.js';
import { terminalWords } from '../../shared/i18n/terminal-words.js';
import { tempDataDir } from '../unit/main/engine-harness.js';
import { headlessRig, quietNotify } from './headless-rig.js';

const { dirs, hosts } = headlessRig();
const logText = (dir: string) =>
  readdirSync(join(dir, LOG_DIR))
    .map((f) => readFileSync(join(dir, LOG_DIR, f), 'utf8'))
    .join('');

describe('terminal lines: the terminal reads the CLI language, the log file keeps English', () => {
  it('serve --deliver-now on a fresh data directory says in German that delivery is off and how to turn it on; the log file has the English', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const stderr: string[] = [];
    // As runHeadless wires it: the file logger with the CLI's terminal printer behind it.
    const logger = await openFileLogger({ dataDir: dir, also: terminalLogger(translator('de'), (l) => void stderr.push(l)) });
    const h = await startHeadless({
      dataDir: dir,
      port: 0,
      notify: quietNotify,
      readDnd: null,
      rendererDir: join(dir, 'none'),
      clock: createManualClock(Date.UTC(2026, 5, 1, 10)),
      logger,
      print: () => undefined,
      t: translator('de'),
      commands: [{ kind: 'deliverNow' }],
    });
    hosts.push(h);
    expect(stderr).toContain(
      'mantra: Warnung: --deliver-now: nicht ausgeführt. Mantras sind ausgeschaltet: Schalte sie zuerst ein. Öffne das Fenster unter der Adresse oben und schalte die Mantras dort ein; danach schickt --deliver-now eines.',
    );
    await logger.close();
    expect(logText(dir)).toContain('"msg":"deliverNow: enroll first: delivery is off"');
    expect(logText(dir)).not.toContain('nicht ausgeführt');
  });

  it('each host line a terminal reads has its Spanish and German words; what other programs wrote stays inside as it came', () => {
    const es = translator('es');
    const de = translator('de');
    const lines: string[] = [];
    const log = terminalLogger(es, (l) => void lines.push(l));
    log.info('Discord token: no desktop keyring (x); a token set now is kept in memory only', { kind: 'tokenInMemory', why: 'Cannot autolaunch D-Bus without X11 $DISPLAY' });
    log.info('do-not-disturb: open', { kind: 'dnd', state: 'open' });
    log.warn('channel "notification" failed to deliver: boom', { kind: 'channelFailed', channel: 'notification', error: 'notify-send failed: boom' });
    log.warn('an English line without data stays as written');
    expect(lines).toEqual([
      'mantra: token de Discord: no hay llavero del escritorio (Cannot autolaunch D-Bus without X11 $DISPLAY); un token que se configure ahora solo se guarda en memoria',
      'mantra: «No molestar» está desactivado',
      'mantra: aviso: notificación de escritorio: la entrega falló: notify-send failed: boom',
      'mantra: aviso: an English line without data stays as written',
    ]);
    expect(terminalWords({ kind: 'dnd', state: 'silenced' }, de)).toBe('„Nicht stören“ ist an: ein fälliges Mantra wartet, bis es endet');
    expect(terminalWords({ kind: 'discord', status: { detail: 'x', said: { key: 'retrying', params: { reason: 'getaddrinfo ENOTFOUND discord.com', seconds: 2, attempt: 1 } } } }, de)).toMatch(
      /^Discord: .*getaddrinfo ENOTFOUND discord\.com.* 2 s/,
    );
    expect(terminalWords({ kind: 'refused', flag: '--snooze', refusal: {}, text: 'nothing to snooze' }, es)).toBe('--snooze: no se hizo. nothing to snooze');
    expect(terminalWords({ kind: 'deliveryOff', misses: 8 }, de)).toBe('die Mantras haben sich nach 8 verpassten Mantras in Folge ausgeschaltet; schalte sie im Fenster wieder ein');
    expect(terminalWords({ kind: 'cannotWrite', failures: 1, detail: 'ENOSPC: no space left on device' }, es)).toBe(
      'no se puede escribir en la carpeta de datos (1 intento fallido): ENOSPC: no space left on device; no se cambió nada, Mantra sigue intentándolo',
    );
    expect(terminalWords({ kind: 'writesAgain', failures: 3 }, de)).toBe('Speichern funktioniert wieder nach 3 Fehlversuchen');
  });
});
