/** Where the Node side says what went wrong; stderr by default, so stdout stays for the URL and command output. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const consoleLogger: Logger = {
  info: (m) => console.error(`mantra: ${m}`),
  warn: (m) => console.error(`mantra: warning: ${m}`),
  error: (m) => console.error(`mantra: error: ${m}`),
};

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
