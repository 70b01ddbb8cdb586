/** Profile ids become file names: letters, digits, dash and underscore only. Kept apart from data-dir.ts so the engine imports no node: module. */
import { z } from 'zod';

export const profileIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { message: 'a profile id is 1-64 letters, digits, "-" or "_"' });
