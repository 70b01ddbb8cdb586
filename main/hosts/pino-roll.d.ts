/** pino-roll ships no types; this is the part Mantra uses (see its pino-roll.js JSDoc). */
declare module 'pino-roll' {
  import type SonicBoom from 'sonic-boom';
  interface PinoRollOptions {
    /** Base path; a number (and `extension`) is appended: mantra.1.log, mantra.2.log, ... */
    file: string;
    /** Roll once a file reaches this size ('1m', '500k'). */
    size?: string | number;
    frequency?: 'daily' | 'hourly' | number;
    extension?: string;
    /** Create the folder when missing. */
    mkdir?: boolean;
    /** `count`: files kept besides the current one. */
    limit?: { count?: number };
    /** Write synchronously: nothing is lost when the process dies right after a line. */
    sync?: boolean;
  }
  export default function roll(options: PinoRollOptions): Promise<SonicBoom>;
}
