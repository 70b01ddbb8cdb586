import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api.js';
import { errorWords } from '../../renderer/error-words';
import { pageOf } from '../../renderer/routes';
import { fakeAt, renderPage } from './render-app';

describe('Window shell', () => {
  it('routes by hash and marks the current page in the navigation', async () => {
    const api = fakeAt();
    const { user } = await renderPage(api, 'curve');
    const nav = screen.getByRole('navigation', { name: 'Pages' });
    expect(within(nav).getByRole('link', { name: 'Curve' }).getAttribute('aria-current')).toBe('page');
    await user.click(within(nav).getByRole('link', { name: 'Stats' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Stats' })).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1 }));
    expect(document.title).toBe('Stats · Mantra');
  });

  it('falls back to the answer page for an unknown route, and opens it on openAnswer', async () => {
    expect(pageOf('#/nope')).toBe('answer');
    expect(pageOf('#/themes?x=1')).toBe('themes');
    const api = fakeAt();
    await renderPage(api, 'stats');
    api.emit({ type: 'openAnswer' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Answer' })).toBeTruthy();
  });

  it('shows loading, then an error in words with a retry that works', async () => {
    const api = fakeAt();
    api.failNext('getSnapshot', new ApiError('missing or wrong access token', 'unauthorized'));
    const { user } = await renderPage(api, 'schedule');
    expect(await screen.findByText(/This page is not signed in to Mantra/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Next delivery' })).toBeTruthy();
  });

  it('shows a loading state while the engine has not answered', async () => {
    const api = fakeAt();
    const release = api.hold('getStats');
    const { findByText } = await renderPage(api, 'stats');
    expect(await findByText(/Loading your stats/)).toBeTruthy();
    release();
    expect(await screen.findByRole('heading', { name: 'How fast you answer' })).toBeTruthy();
  });

  it('shows a refused action next to its button', async () => {
    const api = fakeAt();
    await api.enroll();
    api.failNext('deliverNow', new ApiError('a mantra is already waiting for its answer', 'refused'));
    const { user } = await renderPage(api, 'answer');
    await user.click(screen.getByRole('button', { name: 'Deliver now' }));
    expect(await screen.findByText('A mantra is already waiting for its answer.')).toBeTruthy();
  });

  it('follows live snapshots', async () => {
    const api = fakeAt();
    await renderPage(api, 'answer');
    await api.enroll();
    await waitFor(() => expect(screen.getByText(/The next mantra comes/)).toBeTruthy());
  });

  it('words errors for people', () => {
    expect(errorWords(new ApiError('invalid input for pause: minutes: too big', 'invalid-input'))).toBe('That was not accepted: minutes: too big.');
    expect(errorWords(new ApiError('disk full', 'internal'))).toBe('Mantra had a problem: disk full.');
    expect(errorWords(new TypeError('Failed to fetch'))).toBe('Cannot reach Mantra. Is it still running?');
    expect(errorWords(new ApiError('cannot reach Mantra. Is it still running?', 'internal'))).toBe('Cannot reach Mantra. Is it still running?');
    expect(errorWords(undefined)).toBe('Something went wrong. Try again.');
  });
});
