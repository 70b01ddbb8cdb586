/**
 * Proves the loopback Discord (test/fakes/discord-server.ts) with the real discord.js client.
 */
import { once } from 'node:events';
import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Partials,
  type Interaction,
  type Message,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.js';

const DIRECT_MESSAGES = 1 << 12;

let fake: FakeDiscord | undefined;
const clients: Client[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) await client.destroy();
  await fake?.close();
  fake = undefined;
});

async function start(opts: Parameters<typeof startFakeDiscord>[0] = {}): Promise<FakeDiscord> {
  fake = await startFakeDiscord({ heartbeatIntervalMs: 150, ...opts });
  return fake;
}

function newClient(server: FakeDiscord): Client {
  const client = new Client({
    intents: [GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    rest: { api: server.apiUrl },
  });
  clients.push(client);
  return client;
}

/** Logs in and waits for clientReady; the listener is attached before login() because ready can come first. */
async function login(server: FakeDiscord, token = server.token): Promise<Client<true>> {
  const client = newClient(server);
  const ready = once(client, Events.ClientReady);
  await client.login(token);
  await ready;
  if (!client.isReady()) throw new Error('client not ready');
  return client;
}

/** Messages from users (discord.js also emits messageCreate for the bot's own messages). */
function collectUserMessages(client: Client): Message[] {
  const received: Message[] = [];
  client.on(Events.MessageCreate, (message) => {
    if (message.author.id !== client.user?.id) received.push(message);
  });
  return received;
}

describe('fake Discord with the real discord.js', () => {
  it('logs in: ready fires, IDENTIFY carries the DirectMessages intent, heartbeats are acknowledged', async () => {
    const server = await start();
    const client = await login(server);

    expect(client.user.id).toBe(server.botUser.id);
    expect(client.application?.id).toBe(server.applicationId);
    expect(server.identifies).toHaveLength(1);
    const identify = server.identifies[0];
    expect(identify?.token).toBe(server.token);
    expect((identify?.intents ?? 0) & DIRECT_MESSAGES).toBe(DIRECT_MESSAGES);
    await server.waitFor(() => server.heartbeats >= 2, 2000, 'two heartbeats');
    expect(client.ws.ping).toBeGreaterThanOrEqual(0);
  });

  it('rejects a bad token: 401 on GET /gateway/bot makes login() throw TokenInvalid', async () => {
    const server = await start();
    const client = newClient(server);
    await expect(client.login('not-the-token')).rejects.toMatchObject({ code: 'TokenInvalid' });
    expect(server.requests.some((r) => r.path === '/gateway/bot' && r.status === 401)).toBe(true);
    expect(server.identifies).toHaveLength(0);
  });

  it('closes the gateway with 4004 when IDENTIFY has a wrong token', async () => {
    const server = await start();
    const ws = new WebSocket(`${server.gatewayUrl}?v=10&encoding=json`);
    const hello = new Promise<unknown>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
    await once(ws, 'open');
    expect(await hello).toMatchObject({ op: 10, d: { heartbeat_interval: 150 } });
    ws.send(JSON.stringify({ op: 2, d: { token: 'wrong', intents: DIRECT_MESSAGES, properties: { os: 'linux', browser: 'test', device: 'test' } } }));
    const code = await new Promise<number>((resolve) => ws.once('close', (closeCode) => resolve(closeCode)));
    expect(code).toBe(4004);
  });

  it('opens a DM, sends and edits a message, reacts to it', async () => {
    const server = await start();
    const alice = server.addUser({ username: 'alice' });
    const client = await login(server);

    const user = await client.users.fetch(alice.id);
    const sent = await user.send('Breathe in.');
    const channelId = server.dmChannelId(alice.id);
    expect(channelId).toBeDefined();
    expect(sent.channelId).toBe(channelId);

    const [stored] = server.dms(alice.id);
    expect(stored).toMatchObject({
      id: sent.id,
      channel_id: channelId,
      author: { id: server.botUser.id, bot: true },
      content: 'Breathe in.',
      edited_timestamp: null,
      mentions: [],
      attachments: [],
      embeds: [],
      components: [],
      type: 0,
      flags: 0,
    });
    expect(stored?.id).toMatch(/^\d{17,20}$/);
    expect(Date.parse(stored?.timestamp ?? '')).toBeGreaterThan(0);

    const edited = await sent.edit('Breathe out.');
    expect(edited.content).toBe('Breathe out.');
    expect(server.dms(alice.id)[0]?.content).toBe('Breathe out.');
    expect(server.dms(alice.id)[0]?.edited_timestamp).not.toBeNull();
    expect(server.edits).toHaveLength(1);
    expect(server.edits[0]).toMatchObject({ messageId: sent.id, previousContent: 'Breathe in.', via: 'rest' });

    await sent.react('🙏');
    expect(server.reactions).toMatchObject([{ messageId: sent.id, emoji: '🙏', userId: server.botUser.id }]);
  });

  it("receives the user's DM reply through messageCreate with an empty channel cache", async () => {
    const server = await start();
    const alice = server.addUser({ username: 'alice' });
    const client = await login(server);
    const received = collectUserMessages(client);

    const sent = server.userSendsDm(alice.id, 'I am here');
    await server.waitFor(() => received.length === 1, 2000, 'the DM reply');
    const [message] = received;
    expect(message?.id).toBe(sent.id);
    expect(message?.content).toBe('I am here');
    expect(message?.author.id).toBe(alice.id);
    expect(message?.guildId).toBeNull();
    expect(message?.channel.type).toBe(ChannelType.DM);
    expect(message?.channelId).toBe(server.dmChannelId(alice.id));
  });

  it('does not deliver DMs to a session without the DirectMessages intent', async () => {
    const server = await start();
    const alice = server.addUser({ username: 'alice' });
    const client = new Client({ intents: [GatewayIntentBits.Guilds], partials: [Partials.Channel], rest: { api: server.apiUrl } });
    clients.push(client);
    const ready = once(client, Events.ClientReady);
    await client.login(server.token);
    await ready;
    const received = collectUserMessages(client);
    server.userSendsDm(alice.id, 'hello?');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(received).toHaveLength(0);
  });

  it('answers a slash command with interaction.reply and handles a button click with interaction.update', async () => {
    const server = await start();
    const alice = server.addUser({ username: 'alice' });
    const client = await login(server);

    await client.application.commands.set([
      {
        name: 'mantra',
        description: 'Get a mantra now',
        options: [{ type: ApplicationCommandOptionType.String, name: 'mood', description: 'How you feel', required: false }],
      },
    ]);
    expect(server.registeredCommands.map((c) => c.name)).toEqual(['mantra']);

    const handled: Interaction[] = [];
    client.on(Events.InteractionCreate, (interaction) => {
      handled.push(interaction);
      if (interaction.isChatInputCommand()) {
        const mood = interaction.options.getString('mood') ?? 'none';
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('mantra:ack').setLabel('Done').setStyle(ButtonStyle.Success));
        void interaction.reply({ content: `Mood: ${mood}. Breathe.`, components: [row] });
      } else if (interaction.isButton()) {
        void interaction.update({ content: `Acknowledged (${interaction.customId})`, components: [] });
      }
    });

    const command = server.userRunsCommand(alice.id, 'mantra', { mood: 'calm' });
    const [callback] = await server.waitFor(() => (server.responsesTo(command.id).length > 0 ? server.responsesTo(command.id) : undefined), 2000, 'reply');
    expect(callback).toMatchObject({ kind: 'callback', callbackType: 4 });
    const chat = handled[0];
    expect(chat?.isChatInputCommand() && chat.commandName).toBe('mantra');
    expect(chat?.user.id).toBe(alice.id);
    expect(chat?.channelId).toBe(server.dmChannelId(alice.id));

    const [reply] = server.dms(alice.id);
    expect(reply?.content).toBe('Mood: calm. Breathe.');
    expect(reply?.components).toMatchObject([{ type: 1, components: [{ type: 2, custom_id: 'mantra:ack', label: 'Done' }] }]);

    const click = server.userClicksButton(alice.id, reply?.id ?? '', 'mantra:ack');
    await server.waitFor(() => server.responsesTo(click.id).length > 0, 2000, 'button update');
    expect(server.responsesTo(click.id)[0]).toMatchObject({ kind: 'callback', callbackType: 7, messageId: reply?.id });
    expect(server.dms(alice.id)).toHaveLength(1);
    expect(server.dms(alice.id)[0]).toMatchObject({ id: reply?.id, content: 'Acknowledged (mantra:ack)', components: [] });
    expect(server.edits.at(-1)).toMatchObject({ messageId: reply?.id, via: 'interaction' });
    expect(() => server.userRunsCommand(alice.id, 'unknown')).toThrow(/not registered/);
  });

  it('handles a button on a plain bot DM with an ephemeral interaction.reply; echoes the bot its own messages', async () => {
    const server = await start();
    const alice = server.addUser({ username: 'alice' });
    const client = await login(server);
    const own: Message[] = [];
    client.on(Events.MessageCreate, (message) => {
      if (message.author.id === client.user.id) own.push(message);
    });

    const user = await client.users.fetch(alice.id);
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('snooze').setLabel('Later').setStyle(ButtonStyle.Secondary),
      new ButtonBuilder().setLabel('Docs').setStyle(ButtonStyle.Link).setURL('https://example.invalid/'),
    );
    const prompt = await user.send({ content: 'Time for a mantra?', components: [row] });
    // Discord (and the fake) dispatch MESSAGE_CREATE for the bot's own messages: filter them out.
    await server.waitFor(() => own.length === 1, 2000, 'the echo of the bot message');
    expect(own[0]?.id).toBe(prompt.id);

    client.on(Events.InteractionCreate, (interaction) => {
      if (interaction.isButton()) void interaction.reply({ content: 'Snoozed.', flags: MessageFlags.Ephemeral });
    });
    expect(() => server.userClicksButton(alice.id, prompt.id, 'missing')).toThrow(/no component/);
    const click = server.userClicksButton(alice.id, prompt.id, 'snooze');
    await server.waitFor(() => server.responsesTo(click.id).length === 1, 2000, 'the ephemeral reply');
    const reply = server.dms(alice.id).at(-1);
    expect(reply).toMatchObject({ content: 'Snoozed.', flags: MessageFlags.Ephemeral, interaction_metadata: { id: click.id, interacted_message_id: prompt.id } });
    expect(server.dms(alice.id)[0]?.content).toBe('Time for a mantra?');
    expect(own).toHaveLength(1); // ephemeral replies are not dispatched
  });

  it('passes subcommand options and answers reply({ withResponse: true }) with the created message', async () => {
    const server = await start();
    const alice = server.addUser({ username: 'alice' });
    const client = await login(server);
    await client.application.commands.set([
      {
        name: 'schedule',
        description: 'Mantra schedule',
        options: [
          {
            type: ApplicationCommandOptionType.Subcommand,
            name: 'set',
            description: 'Set the daily count',
            options: [{ type: ApplicationCommandOptionType.Integer, name: 'count', description: 'Per day', required: true }],
          },
        ],
      },
    ]);
    const replies: (string | null | undefined)[] = [];
    client.on(Events.InteractionCreate, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const text = `${interaction.options.getSubcommand()} ${interaction.options.getInteger('count', true)}`;
      const response = await interaction.reply({ content: text, withResponse: true });
      replies.push(response.resource?.message?.content);
    });

    expect(() => server.userRunsCommand(alice.id, 'schedule', {}, 'set')).toThrow(/required option/);
    server.userRunsCommand(alice.id, 'schedule', { count: 3 }, 'set');
    await server.waitFor(() => replies.length === 1, 2000, 'the reply');
    expect(replies).toEqual(['set 3']);
    expect(server.dms(alice.id).map((m) => [m.content, m.type])).toEqual([['set 3', 20]]);
  });

  it('supports deferReply + editReply + followUp, and refuses a late first response (10062)', async () => {
    const server = await start({ interactionTimeoutMs: 100 });
    const alice = server.addUser({ username: 'alice' });
    const client = await login(server);
    await client.application.commands.set([
      { name: 'slow', description: 'Deferred answer' },
      { name: 'late', description: 'Answers too late' },
    ]);

    const errors: unknown[] = [];
    client.on(Events.InteractionCreate, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      try {
        if (interaction.commandName === 'slow') {
          await interaction.deferReply({ flags: MessageFlags.Ephemeral });
          await interaction.editReply('Done thinking');
          await interaction.followUp('One more thing');
        } else {
          await new Promise((resolve) => setTimeout(resolve, 200));
          await interaction.reply('too late');
        }
      } catch (error) {
        errors.push(error);
      }
    });

    const slow = server.userRunsCommand(alice.id, 'slow');
    await server.waitFor(() => server.responsesTo(slow.id).length === 3, 2000, 'defer, edit and follow-up');
    expect(server.responsesTo(slow.id).map((r) => r.kind)).toEqual(['callback', 'edit-original', 'followup']);
    expect(server.responsesTo(slow.id)[0]?.callbackType).toBe(5);
    const contents = server.dms(alice.id).map((m) => [m.content, (m.flags ?? 0) & MessageFlags.Ephemeral]);
    expect(contents).toEqual([
      ['Done thinking', MessageFlags.Ephemeral],
      ['One more thing', 0],
    ]);

    server.userRunsCommand(alice.id, 'late');
    await server.waitFor(() => errors.length === 1, 2000, 'the late reply to fail');
    expect(errors[0]).toBeInstanceOf(DiscordAPIError);
    expect(errors[0]).toMatchObject({ code: 10062, status: 404 });
  });

  it('retries a 429 on send and the message arrives exactly once', async () => {
    const server = await start();
    const alice = server.addUser({ username: 'alice' });
    const client = await login(server);
    const user = await client.users.fetch(alice.id);
    await user.createDM();

    server.rateLimitNext('POST /channels/:id/messages', 0.2);
    const started = Date.now();
    await user.send('after the rate limit');
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(server.dms(alice.id).map((m) => m.content)).toEqual(['after the rate limit']);
    const posts = server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));
    expect(posts.map((r) => r.status)).toEqual([429, 200]);
  });

  it('retries a 500 once, and surfaces 403 / 50007 when the user has DMs closed', async () => {
    const server = await start();
    const alice = server.addUser({ username: 'alice' });
    const client = await login(server);
    const user = await client.users.fetch(alice.id);

    server.failNext('POST /channels/:id/messages');
    await user.send('survives one 500');
    expect(server.dms(alice.id)).toHaveLength(1);

    server.setDmClosed(alice.id, true);
    await expect(user.send('blocked')).rejects.toMatchObject({ status: 403, code: 50007 });
    expect(server.dms(alice.id)).toHaveLength(1);
  });

  it('answers unknown routes with a JSON 404 that discord.js turns into DiscordAPIError', async () => {
    const server = await start();
    const client = await login(server);
    await expect(client.rest.get('/nothing/here')).rejects.toBeInstanceOf(DiscordAPIError);
    await expect(client.rest.get('/nothing/here')).rejects.toMatchObject({ status: 404, code: 0 });
    const response = await fetch(`${server.apiUrl}/v10/nothing`, { headers: { authorization: `Bot ${server.token}` } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: '404: Not Found', code: 0 });
  });

  it('rejects what Discord rejects: over-long content, empty messages', async () => {
    const server = await start();
    const alice = server.addUser({ username: 'alice' });
    const client = await login(server);
    const user = await client.users.fetch(alice.id);
    await expect(user.send('x'.repeat(2001))).rejects.toMatchObject({ status: 400, code: 50035 });
    await expect(user.send({ embeds: [] })).rejects.toMatchObject({ status: 400, code: 50006 });
  });

  it('resumes after dropGateway: DMs sent while disconnected are replayed, later ones arrive too', async () => {
    const server = await start();
    const alice = server.addUser({ username: 'alice' });
    const client = await login(server);
    const received = collectUserMessages(client);

    expect(server.dropGateway()).toBe(1);
    server.userSendsDm(alice.id, 'while you were away');
    await server.waitFor(() => server.resumes.length === 1 && server.liveSessions === 1, 5000, 'the RESUME');
    expect(server.resumes[0]).toMatchObject({ outcome: 'resumed' });
    server.userSendsDm(alice.id, 'after the resume');
    await server.waitFor(() => received.length === 2, 2000, 'both DMs');
    expect(received.map((m) => m.content)).toEqual(['while you were away', 'after the resume']);
    expect(server.identifies).toHaveLength(1);
  });

  it('resumes after op 7 RECONNECT, a cut TCP connection (1006) and a zombie connection', async () => {
    const server = await start();
    const alice = server.addUser({ username: 'alice' });
    const client = await login(server);
    const received = collectUserMessages(client);

    server.requestReconnect();
    await server.waitFor(() => server.resumes.length === 1 && server.liveSessions === 1, 5000, 'resume after op 7');
    server.dropGateway(1006);
    server.userSendsDm(alice.id, 'during the cut');
    await server.waitFor(() => server.resumes.length === 2 && server.liveSessions === 1, 5000, 'resume after 1006');
    await server.waitFor(() => received.length === 1, 2000, 'the replayed DM');
    expect(server.resumes.map((r) => r.outcome)).toEqual(['resumed', 'resumed']);
    expect(received[0]?.content).toBe('during the cut');

    // Zombie connection: heartbeats stop being acknowledged, discord.js closes and resumes.
    server.setHeartbeatAcks(false);
    await server.waitFor(() => server.resumes.length === 3, 5000, 'resume after missing heartbeat ACKs');
    server.setHeartbeatAcks(true);
    await server.waitFor(() => server.liveSessions === 1, 5000, 'the resumed session');
    expect(server.identifies).toHaveLength(1);
  });

  it('survives an outage: REST 503 makes sends fail, the gateway comes back and resumes', async () => {
    const server = await start();
    const alice = server.addUser({ username: 'alice' });
    const client = await login(server);
    const received = collectUserMessages(client);
    const user = await client.users.fetch(alice.id);
    await user.createDM();

    server.setDown(true);
    await expect(user.send('into the void')).rejects.toMatchObject({ status: 503 });
    server.userSendsDm(alice.id, 'sent during the outage');
    await server.waitFor(() => server.refusedUpgrades > 0, 5000, 'discord.js to try the gateway again and be refused');
    expect(server.liveSessions).toBe(0);

    server.setDown(false);
    await server.waitFor(() => server.liveSessions === 1, 5000, 'the gateway to come back');
    await server.waitFor(() => received.length === 1, 2000, 'the DM sent during the outage');
    expect(received[0]?.content).toBe('sent during the outage');
    await user.send('back');
    expect(server.dms(alice.id).map((m) => m.content)).toEqual(['back']);
  });

  it('re-identifies after op 9 (session not resumable) and DMs arrive on the new session', async () => {
    const server = await start();
    const alice = server.addUser({ username: 'alice' });
    const client = await login(server);
    const received = collectUserMessages(client);

    server.dropGateway(4000, { resumable: false });
    // discord.js waits for its 5 s identify throttle before identifying again.
    await server.waitFor(() => server.identifies.length === 2 && server.liveSessions === 1, 10_000, 'a new IDENTIFY');
    expect(server.resumes[0]).toMatchObject({ outcome: 'invalid-session' });
    expect((server.identifies[1]?.intents ?? 0) & DIRECT_MESSAGES).toBe(DIRECT_MESSAGES);
    server.userSendsDm(alice.id, 'new session');
    await server.waitFor(() => received.length === 1, 2000, 'the DM');
    expect(received[0]?.content).toBe('new session');
  }, 20_000);
});
