/** Server-sent events: every ApiEvent of the profile, starting with a snapshot. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiEvent } from '../../../shared/api.js';

export function openEventStream(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>, first: ApiEvent, subscribe: (send: (event: ApiEvent) => void) => () => void): void {
  res.writeHead(200, { ...headers, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
  // Plain 'message' events: the ApiEvent's own `type` tells them apart.
  const send = (event: ApiEvent): void => void res.write(`data: ${JSON.stringify(event)}\n\n`);
  res.write('retry: 2000\n\n');
  send(first);
  const unsubscribe = subscribe(send);
  const end = (): void => unsubscribe();
  req.on('close', end);
  res.on('error', end);
}
