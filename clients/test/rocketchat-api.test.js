'use strict';
// rocketchat-api 1.0.5: the classic REST bot client (client-api.md §4.2 C). It logs in with
// {user, password}, posts with chat.postMessage, reads `me`, and logs out with GET.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { promisify } = require('node:util');
const RocketChatClient = require('rocketchat-api');
const { server, channels, users, unique, rest, once } = require('./support/fixture');

/** A hung call fails its own test, by name, instead of the whole run timing out. */
const limit = { timeout: 20_000 };

const channel = channels.rest;

describe('rocketchat-api 1.0.5', () => {
  let client;
  let connected;
  let session;
  let posted;

  before(() => {
    client = new RocketChatClient({ protocol: 'http', host: server.host, port: server.port });
    // The client gives every request 1 s by default; a loaded CI machine hashing passwords may need more.
    client.restClient.options.timeout = 15_000;
    // The client opens its realtime (DDP) connection as soon as it is constructed.
    connected = once(client.wsClient.ddp, 'connected');
  }, limit);

  after(async () => {
    await connected.catch(() => {});
    client.wsClient.disconnect();
  }, limit);

  test('opens its realtime connection on construction', limit, async () => {
    await connected;
    assert.equal(client.wsClient.ddp.status, 'connected');
  });

  test('logs in over REST with {user, password} and over DDP with the plain password', limit, async () => {
    const data = await client.login(users.carol.username, users.carol.password, true);
    assert.match(data.userId, /\S/);
    assert.match(data.authToken, /\S{20,}/);
    assert.equal(data.me.username, users.carol.username);
    assert.equal(client.getUserId(), data.userId);
    assert.equal(client.getAuthToken(), data.authToken);
    session = { userId: data.userId, authToken: data.authToken };
  });

  test('reads `me` with the login headers', limit, async () => {
    const me = await promisify(client.authentication.me.bind(client.authentication))();
    assert.equal(me.success, true);
    assert.equal(me._id, session.userId);
    assert.equal(me.username, users.carol.username);
  });

  test('posts to a channel with chat.postMessage', limit, async () => {
    const text = unique('rocketchat-api says hello');
    const answer = await client.chat.postMessage({ roomId: channel.id, text });
    assert.equal(answer.success, true);
    assert.equal(answer.channel, channel.id);
    assert.equal(answer.message.msg, text);
    assert.equal(answer.message.rid, channel.id);
    assert.equal(answer.message.u.username, users.carol.username);
    assert.match(answer.message._id, /\S/);
    posted = answer.message;
  });

  test('finds the message with channels.info and channels.history', limit, async () => {
    const info = await client.channels.info(channel.id);
    assert.equal(info.channel._id, channel.id);
    assert.equal(info.channel.name, channel.name);
    const history = await client.channels.history({ roomId: channel.id, count: 50 });
    const found = history.messages.find((m) => m._id === posted._id);
    assert.ok(found, `message ${posted._id} is in the channel's history`);
    assert.equal(found.msg, posted.msg);
  });

  test('logs out with GET, which revokes the token', limit, async () => {
    const data = await client.logout();
    assert.equal(data.message, "You've been logged out!");
    assert.equal(client.getAuthToken(), null);
    const me = await rest('/api/v1/me', { session });
    assert.equal(me.status, 401, `the old token is refused: ${me.text}`);
  });
});
