/** Profile ids become file names: letters, digits, dash and underscore only. Kept apart from data-dir.ts so the engine imports no node: module. */
import { z } from 'zod';

/** The bare pattern, for loops that test many ids (a store's load) without a schema pass each. */
export const PROFILE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export const profileIdSchema = z.string().regex(PROFILE_ID, { message: 'a profile id is 1-64 letters, digits, "-" or "_"' });
