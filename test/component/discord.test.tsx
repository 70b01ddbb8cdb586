import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api.js';
import { fakeAt, renderPage } from './render-app';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.secret-bot-token.xyz';
const USER = '123456789012345678';

describe('Discord page', () => {
  it('never renders a token back: the field empties and only its storage is named', async () => {
    const api = fakeAt();
    const { user, container } = await renderPage(api, 'discord');
    const field = screen.getByLabelText('Bot token');
    expect(field.getAttribute('type')).toBe('password');
    await user.type(field, TOKEN);
    await user.type(screen.getByLabelText('Your Discord user ID'), USER);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/A token is stored \(encrypted\)/)).toBeTruthy();
    expect((screen.getByLabelText('Bot token') as HTMLInputElement).value).toBe('');
    expect(container.innerHTML).not.toContain(TOKEN);
    expect(api.calls.find((c) => c.method === 'setDiscord')?.input).toEqual({ token: TOKEN, userId: USER, apiBase: '' });
    expect(screen.getByText('Connected')).toBeTruthy();
  });

  it('a later save without typing a token keeps the stored one', async () => {
    const api = fakeAt();
    await api.setDiscord({ token: TOKEN, userId: USER });
    const { user } = await renderPage(api, 'discord');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved.');
    expect(api.calls.at(-1)?.input).toEqual({ userId: USER, apiBase: '' });
    expect(api.token).toBe(TOKEN);
  });

  it('says when a token is kept in memory only', async () => {
    const api = fakeAt();
    api.discord = { ...api.discord, hasToken: true, tokenStorage: 'memory' };
    await renderPage(api, 'discord');
    expect(screen.getByText(/kept in memory only/)).toBeTruthy();
  });

  it('validates the user ID and the API base URL inline', async () => {
    const api = fakeAt();
    const { user } = await renderPage(api, 'discord');
    await user.type(screen.getByLabelText('Your Discord user ID'), '12ab');
    expect(screen.getByText(/a Discord user ID is a number of 17 to 20 digits/i)).toBeTruthy();
    await user.click(screen.getByText('Advanced'));
    await user.type(screen.getByLabelText('Discord API base URL'), 'not a url');
    expect(screen.getByText(/must be an http\(s\) URL/i)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('sends a test DM and reports a failure in words', async () => {
    const api = fakeAt();
    await api.setDiscord({ token: TOKEN, userId: USER });
    const { user } = await renderPage(api, 'discord');
    await user.click(screen.getByRole('button', { name: 'Send a test DM' }));
    expect(await screen.findByText(/Sent\. Look for it in your Discord DMs/)).toBeTruthy();
    api.failNext('sendTestDm', new ApiError('the bot cannot DM this user (no shared server)', 'refused'));
    await user.click(screen.getByRole('button', { name: 'Send a test DM' }));
    expect(await screen.findByText('The bot cannot DM this user (no shared server).')).toBeTruthy();
  });

  it('forgets the stored token', async () => {
    const api = fakeAt();
    await api.setDiscord({ token: TOKEN, userId: USER });
    const { user } = await renderPage(api, 'discord');
    await user.click(screen.getByRole('button', { name: 'Forget the stored token' }));
    await waitFor(() => expect(api.token).toBeNull());
    expect(screen.getByText('No token is stored.')).toBeTruthy();
  });
});
