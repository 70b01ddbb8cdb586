/**
 * The one door from a window to the engine: a single invoke channel carrying (method, input),
 * and one event channel back. A call is answered only for a top-level frame of one of our
 * windows showing an app:// page; the method must be in the contract, and its handler
 * parses the input once with the contract's schema. Failures cross as { message, code }, never as a throw.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { IPC_CHANNELS, isApiMethod, type ApiErrorBody } from '../../../shared/api.js';
import { asApiError, type ApiHandlers } from '../../engine/api.js';
import type { Logger } from '../../logger.js';
import { isAppUrl } from './web-security.js';

export const INVOKE_CHANNEL = IPC_CHANNELS.invoke;
export const EVENT_CHANNEL = IPC_CHANNELS.event;

export type IpcReply = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: ApiErrorBody };

export type InvokeEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

export interface IpcOptions {
  /** The raw-input handlers of the profile (each parses its input once). */
  readonly handlers: ApiHandlers;
  /** Whether these web contents belong to one of our windows. */
  readonly isOurs: (contents: WebContents) => boolean;
  readonly logger: Logger;
}

const refuse = (code: ApiErrorBody['code'], message: string): IpcReply => ({ ok: false, error: { code, message } });

/** The frame is alive, top-level, showing our page, in one of our windows. */
export function isTrustedSender(event: InvokeEvent, isOurs: (contents: WebContents) => boolean): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  if (!isAppUrl(frame.url)) return false;
  return isOurs(event.sender);
}

/** Answers one invoke; exported for tests, registered by `registerIpc`. */
export async function answerInvoke(options: IpcOptions, event: InvokeEvent, args: readonly unknown[]): Promise<IpcReply> {
  if (!isTrustedSender(event, options.isOurs)) {
    options.logger.warn(`IPC call refused from a foreign frame (${event.senderFrame?.url ?? 'gone'})`);
    return refuse('unauthorized', 'this page may not talk to Mantra');
  }
  const [method, input] = args;
  if (args.length > 2 || !isApiMethod(method)) return refuse('invalid-input', 'not a Mantra API call');
  try {
    const value: unknown = await options.handlers[method](input);
    return { ok: true, value };
  } catch (e) {
    return { ok: false, error: asApiError(e).toBody() };
  }
}

/** Registers the invoke handler; returns its removal. */
export function registerIpc(options: IpcOptions): () => void {
  ipcMain.handle(INVOKE_CHANNEL, (event, ...args: unknown[]) => answerInvoke(options, event, args));
  return () => ipcMain.removeHandler(INVOKE_CHANNEL);
}
