import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api.js';
import { said } from '../../shared/discord-status.js';
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

  it('says when the token is in the desktop keyring', async () => {
    const api = fakeAt();
    api.discord = { ...api.discord, hasToken: true, tokenStorage: 'keyring' };
    await renderPage(api, 'discord');
    expect(screen.getByText('A token is stored in the desktop keyring (Secret Service). It is never shown again; type a new one to replace it.')).toBeTruthy();
  });

  it('validates the user ID and the API base URL inline', async () => {
    const api = fakeAt();
    const { user } = await renderPage(api, 'discord');
    await user.type(screen.getByLabelText('Your Discord user ID'), '12ab');
    expect(screen.getByText(/^Must be a number of 17 to 20 digits \(in Discord: Settings > Advanced > Developer Mode/)).toBeTruthy();
    await user.click(screen.getByText('Advanced'));
    await user.type(screen.getByLabelText('Discord API base URL'), 'not a url');
    expect(screen.getByText('Must be a web address starting with http:// or https://.')).toBeTruthy();
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

  it('turns mirroring off and on with the switch; off says so and keeps the token and user', async () => {
    const api = fakeAt();
    await api.setDiscord({ token: TOKEN, userId: USER });
    const { user } = await renderPage(api, 'discord');
    const mirror = () => screen.getByRole('switch', { name: 'Mirror mantras to Discord' }) as HTMLInputElement;
    expect(mirror().checked).toBe(true);
    expect(screen.getByText('Connected')).toBeTruthy();

    await user.click(mirror());
    await waitFor(() => expect(api.discord.enabled).toBe(false));
    expect(api.calls.at(-1)).toEqual({ method: 'setDiscord', input: { enabled: false } });
    expect(mirror().checked).toBe(false);
    expect(await screen.findByText('The Discord mirror is turned off.')).toBeTruthy();
    expect(screen.getByText(`Mirroring is off; when it is on, mantras go to Discord user ${USER}.`)).toBeTruthy();
    expect(screen.getByText(/A token is stored \(encrypted\)/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Send a test DM' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('Turn on “Mirror mantras to Discord” first.')).toBeTruthy();

    await user.click(mirror());
    await waitFor(() => expect(api.discord.enabled).toBe(true));
    expect(mirror().checked).toBe(true);
    expect(await screen.findByText('Connected')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Send a test DM' }) as HTMLButtonElement).disabled).toBe(false);
    expect(api.token).toBe(TOKEN);
  });

  it('shows the switch off when the engine says mirroring is off, and a refused change next to it', async () => {
    const api = fakeAt();
    api.discord = { ...api.discord, enabled: false, detail: 'The Discord mirror is turned off.' };
    const { user } = await renderPage(api, 'discord');
    const mirror = () => screen.getByRole('switch', { name: 'Mirror mantras to Discord' }) as HTMLInputElement;
    expect(mirror().checked).toBe(false);
    api.failNext('setDiscord', new ApiError('disk full', 'internal'));
    await user.click(mirror());
    expect(await screen.findByText('Mantra had a problem: disk full.')).toBeTruthy();
    expect(mirror().checked).toBe(false);
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

describe('Discord page in German and Spanish', () => {
  it('saves a token in German and names its storage and the connection in German', async () => {
    const api = fakeAt();
    await api.updateSettings({ locale: 'de' });
    const { user } = await renderPage(api, 'discord');
    await user.type(screen.getByLabelText('Bot-Token'), TOKEN);
    await user.type(screen.getByLabelText('Deine Discord-Nutzer-ID'), USER);
    await user.click(screen.getByRole('button', { name: 'Speichern' }));
    expect(await screen.findByText(/Ein Token ist gespeichert \(verschlüsselt\)/)).toBeTruthy();
    expect(screen.getByText('Verbunden')).toBeTruthy();
  });

  it('shows the page title and test button in Spanish', async () => {
    const api = fakeAt();
    await api.updateSettings({ locale: 'es' });
    await renderPage(api, 'discord');
    expect(screen.getByRole('button', { name: 'Enviar un MD de prueba' })).toBeTruthy();
    expect(screen.getByText('Guarda primero un token del bot y tu ID de usuario.')).toBeTruthy();
  });

  it("words the connection sentence in the window's language from the status data, not the English detail", async () => {
    const api = fakeAt();
    await api.updateSettings({ locale: 'es' });
    api.discord = { ...api.discord, connection: 'cannot-dm', userId: USER, ...said('cannotDm', { userId: USER }) };
    const { container } = await renderPage(api, 'discord');
    expect(await screen.findByText(new RegExp(`^Discord no deja que el bot envíe un MD al usuario ${USER} \\(MD cerrados o ningún servidor en común\\)`))).toBeTruthy();
    expect(container.textContent).not.toContain('will not let the bot');
  });

  it("says a retried login in German, the system's own reason as it came", async () => {
    const api = fakeAt();
    await api.updateSettings({ locale: 'de' });
    api.discord = { ...api.discord, connection: 'reconnecting', ...said('retrying', { reason: 'getaddrinfo ENOTFOUND discord.com', seconds: 8, attempt: 3 }) };
    await renderPage(api, 'discord');
    expect(await screen.findByText('Discord ist nicht erreichbar (getaddrinfo ENOTFOUND discord.com); neuer Versuch in 8 s (Versuch 3).')).toBeTruthy();
  });
});
