import type { TFunction } from '../shared/i18n/i18n.js';
import { terminalWords, type TerminalSaid } from '../shared/i18n/terminal-words.js';

/** Where the Node side says what went wrong; stderr by default, so stdout stays for the URL and command output. */
export interface Logger {
  /** `said`: the same line as data, for a terminal that words it in its language (the file keeps `message`). */
  info(message: string, said?: TerminalSaid): void;
  warn(message: string, said?: TerminalSaid): void;
  error(message: string, said?: TerminalSaid): void;
}

export const consoleLogger: Logger = {
  info: (m) => console.error(`mantra: ${m}`),
  warn: (m) => console.error(`mantra: warning: ${m}`),
  error: (m) => console.error(`mantra: error: ${m}`),
};

/** stderr in the CLI's language: a line that carries what it says as data is worded; others stay as written. */
export function terminalLogger(t: TFunction, write: (line: string) => void = (l) => console.error(l)): Logger {
  const words = (m: string, said: TerminalSaid | undefined) => (said ? terminalWords(said, t) : m);
  return {
    info: (m, said) => write(`mantra: ${words(m, said)}`),
    warn: (m, said) => write(`mantra: ${t('terminal.warning')}: ${words(m, said)}`),
    error: (m, said) => write(`mantra: ${t('terminal.error')}: ${words(m, said)}`),
  };
}

/** Keeps every line, for tests and for commands that report at the end. */
export function createRecordingLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => void lines.push(`info: ${m}`),
    warn: (m) => void lines.push(`warn: ${m}`),
    error: (m) => void lines.push(`error: ${m}`),
  };
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
