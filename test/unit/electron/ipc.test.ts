import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../shared/api.js';
import { fake, resetFake, FakeWebContents } from './electron-fake.js';
import { recordingApi } from './shell-fixtures.js';
import type { ParsedHandlers } from '../../../main/engine/api.js';

vi.mock('electron', () => import('./electron-fake.js'));

const { answerInvoke, registerIpc, INVOKE_CHANNEL, isTrustedSender } = await import('../../../main/hosts/electron/ipc.js');
const { createRecordingLogger } = await import('../../../main/logger.js');
const { guardHandlers } = await import('../../../main/engine/api.js');

type Frame = { url: string; parent: unknown };
const ours = new FakeWebContents();
const stranger = new FakeWebContents();
const topFrame = (url = 'app://mantra/index.html#/answer'): Frame => ({ url, parent: null });
const event = (sender: FakeWebContents, frame: Frame | null) => ({ sender, senderFrame: frame }) as unknown as Parameters<typeof answerInvoke>[1];

function setup(api = recordingApi()) {
  const logger = createRecordingLogger();
  // The real border: the recording API stands for the engine behind the contract's input check.
  const handlers = guardHandlers(api as unknown as ParsedHandlers);
  const options = { handlers, isOurs: (c: { id: number }) => c.id === ours.id, logger } as unknown as Parameters<typeof answerInvoke>[0];
  return { api, logger, options };
}

beforeEach(() => resetFake());

describe('IPC sender checks', () => {
  it('accepts a top-level frame of our window showing app://mantra/', async () => {
    const { api, options } = setup();
    const reply = await answerInvoke(options, event(ours, topFrame()), ['getSnapshot']);
    expect(reply).toEqual({ ok: true, value: { ok: 'getSnapshot' } });
    expect(api.calls).toEqual([['getSnapshot', undefined]]);
  });

  it.each([
    ['another web contents', stranger, topFrame()],
    ['a subframe', ours, { url: 'app://mantra/index.html', parent: { url: 'app://mantra/index.html' } }],
    ['a file:// page', ours, topFrame('file:///home/u/evil.html')],
    ['a web page', ours, topFrame('https://mantra.example/')],
    ['another app host', ours, topFrame('app://other/index.html')],
    ['a frame that is gone', ours, null],
  ])('refuses %s, and the engine is not called', async (_name, sender, frame) => {
    const { api, logger, options } = setup();
    const reply = await answerInvoke(options, event(sender, frame), ['deliverNow']);
    expect(reply).toEqual({ ok: false, error: { code: 'unauthorized', message: 'this page may not talk to Mantra' } });
    expect(api.calls).toEqual([]);
    expect(logger.lines[0]).toMatch(/^warn: IPC call refused from a foreign frame/);
  });

  it('isTrustedSender asks whether the contents are ours', () => {
    expect(isTrustedSender(event(ours, topFrame()), () => false)).toBe(false);
    expect(isTrustedSender(event(ours, topFrame()), () => true)).toBe(true);
  });
});

describe('IPC payload checks', () => {
  it.each([
    ['an unknown method', ['eval', 'x']],
    ['a prototype key', ['constructor']],
    ['a non-string method', [42]],
    ['extra arguments', ['getLog', { limit: 5 }, 'more']],
  ])('refuses %s as invalid input', async (_name, args) => {
    const { api, options } = setup();
    const reply = await answerInvoke(options, event(ours, topFrame()), args);
    expect(reply).toEqual({ ok: false, error: { code: 'invalid-input', message: 'not a Mantra API call' } });
    expect(api.calls).toEqual([]);
  });

  it.each([
    ['a wrong type', 'getLog', { limit: 'all' }],
    ['an out-of-range number', 'getLog', { limit: 0 }],
    ['an input where none is taken', 'deliverNow', { force: true }],
    ['an unknown settings field', 'updateSettings', { nodeIntegration: true }],
    ['an answer too long', 'answer', { text: 'x'.repeat(1001) }],
    ['a bad pause', 'pause', { minutes: -5 }],
  ])('refuses %s, naming the field, before the engine sees it', async (_name, method, input) => {
    const { api, options } = setup();
    const reply = await answerInvoke(options, event(ours, topFrame()), [method, input]);
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('invalid-input');
      expect(reply.error.message).toMatch(new RegExp(`^invalid input for ${method}`));
    }
    expect(api.calls).toEqual([]);
  });

  it('passes a good input through and returns the value', async () => {
    const { api, options } = setup();
    expect(await answerInvoke(options, event(ours, topFrame()), ['answer', { text: 'I stay on task' }])).toEqual({ ok: true, value: { ok: 'answer' } });
    expect(await answerInvoke(options, event(ours, topFrame()), ['pause', { until: 'tomorrow' }])).toEqual({ ok: true, value: { ok: 'pause' } });
    expect(api.calls).toEqual([
      ['answer', { text: 'I stay on task' }],
      ['pause', { until: 'tomorrow' }],
    ]);
  });

  it('an engine failure crosses as { message, code }', async () => {
    const refused = setup(recordingApi({ failWith: new ApiError('no mantra is waiting for an answer', 'refused') }));
    expect(await answerInvoke(refused.options, event(ours, topFrame()), ['answer', { text: 'x' }])).toEqual({ ok: false, error: { code: 'refused', message: 'no mantra is waiting for an answer' } });
    const crashed = setup(recordingApi({ failWith: new Error('disk full') }));
    expect(await answerInvoke(crashed.options, event(ours, topFrame()), ['skip'])).toEqual({ ok: false, error: { code: 'internal', message: 'disk full' } });
  });
});

describe('registerIpc', () => {
  it('registers one invoke channel and removes it again', async () => {
    const { options } = setup();
    const remove = registerIpc(options);
    expect([...fake.handlers.keys()]).toEqual([INVOKE_CHANNEL]);
    const handler = fake.handlers.get(INVOKE_CHANNEL)!;
    expect(await handler(event(ours, topFrame()), 'listThemes')).toEqual({ ok: true, value: { ok: 'listThemes' } });
    expect(await handler(event(stranger, topFrame()), 'listThemes')).toMatchObject({ ok: false });
    remove();
    expect(fake.handlers.size).toBe(0);
  });
});
