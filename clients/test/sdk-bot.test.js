'use strict';
// @rocket.chat/sdk 1.0.0-alpha.42, the `Bot` client (client-api.md §4.2 A): REST login then a DDP
// resume, the `__my_messages__` stream, chat.sendMessage, im.create, and REST logout.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Bot } = require('@rocket.chat/sdk');
const { server, channels, users, unique, rest, restOk, login, Inbox } = require('./support/fixture');

/** A hung call fails its own test, by name, instead of the whole run timing out. */
const limit = { timeout: 20_000 };

/** The SDK logs every frame at info level; keep the output to what goes wrong. */
const logger = { debug() {}, info() {}, warn: console.warn, error: console.error };

const channel = channels.bot;

describe('@rocket.chat/sdk 1.0.0-alpha.42 Bot', () => {
  const bot = new Bot({ host: server.url, useSsl: false, logger });
  const inbox = new Inbox();
  let alice;
  let sent;

  before(async () => {
    alice = await login(users.alice);
  }, limit);

  after(async () => {
    await bot.disconnect();
  }, limit);

  test('connects over DDP', limit, async () => {
    await bot.connect();
    const driver = await bot.socket;
    assert.equal(driver.connected, true);
    assert.match(driver.ddp.session, /\S/, 'the server answered connect with a session');
  });

  test('logs in over REST and resumes that login over DDP', limit, async () => {
    const ddpLogin = await bot.login({ username: users.bot.username, password: users.bot.password });
    assert.equal(bot.currentLogin.username, users.bot.username);
    assert.match(bot.userId, /\S/);
    assert.equal(ddpLogin.id, bot.userId, 'DDP resumed the REST login of the same user');
    assert.equal(ddpLogin.token, bot.currentLogin.authToken);
    assert.equal(ddpLogin.type, 'resume');
    assert.equal((await bot.socket).userId, bot.userId);
  });

  test('subscribes to __my_messages__ and receives a message another user posts', limit, async () => {
    const subscription = await bot.subscribeToMessages();
    assert.equal(subscription.name, 'stream-room-messages');
    assert.equal(subscription.params[0], '__my_messages__');
    await bot.respondToMessages((error, message) => (error ? inbox.fail(error) : inbox.push(message)), { dm: true });

    const text = unique('alice to the channel');
    const arrival = inbox.next((m) => m.msg === text, 'live channel message');
    await restOk('/api/v1/chat.postMessage', { session: alice, body: { roomId: channel.id, text } });
    const message = await arrival;
    assert.equal(message.rid, channel.id);
    assert.equal(message.u.username, users.alice.username);
    assert.equal(typeof message.ts.$date, 'number', 'ts is an EJSON date on the stream');
  });

  test('receives a direct message, and rooms.info reports its room as a DM', limit, async () => {
    const dm = await restOk('/api/v1/im.create', { session: alice, body: { username: users.bot.username } });
    const text = unique('alice to the bot, privately');
    const arrival = inbox.next((m) => m.msg === text, 'live direct message');
    await restOk('/api/v1/chat.postMessage', { session: alice, body: { roomId: dm.room._id, text } });
    const message = await arrival;
    assert.equal(message.rid, dm.room._id);
    assert.equal(message.u.username, users.alice.username);

    const info = await bot.rooms.info({ rid: dm.room._id });
    assert.equal(info.room._id, dm.room._id);
    assert.equal(info.room.t, 'd');
  });

  test('looks up the channel and a user', limit, async () => {
    const info = await bot.channelInfo({ roomName: channel.name });
    assert.equal(info._id, channel.id);
    const alicesProfile = await bot.users.info(users.alice.username);
    assert.equal(alicesProfile._id, alice.userId);
    assert.equal(alicesProfile.username, users.alice.username);
  });

  test('sends to a room by id with chat.sendMessage', limit, async () => {
    const text = unique('the bot to the channel');
    sent = await bot.sendToRoomId(text, channel.id);
    assert.equal(sent.msg, text);
    assert.equal(sent.rid, channel.id);
    assert.equal(sent.u._id, bot.userId);
    const history = await restOk('/api/v1/channels.history', { session: alice, query: { roomId: channel.id } });
    assert.ok(history.messages.some((m) => m._id === sent._id && m.msg === text), 'alice sees it in the history');
  });

  test('edits and reacts to its message', limit, async () => {
    const text = unique('the bot, edited');
    await bot.editMessage({ _id: sent._id, rid: sent.rid, msg: text });
    await bot.setReaction(':thumbsup:', sent._id);
    const { message } = await restOk('/api/v1/chat.getMessage', { session: alice, query: { msgId: sent._id } });
    assert.equal(message.msg, text);
    assert.equal(message.editedBy.username, users.bot.username);
    assert.deepEqual(message.reactions[':thumbsup:'].usernames, [users.bot.username]);
  });

  test('opens a DM with im.create and sends to it', limit, async () => {
    const text = unique('the bot to alice, privately');
    const receipt = await bot.sendDirectToUser(text, users.alice.username);
    assert.equal(receipt.msg, text);
    const ims = await restOk('/api/v1/im.list', { session: alice });
    const room = ims.ims.find((r) => r._id === receipt.rid);
    assert.ok(room, `alice has the DM ${receipt.rid}`);
    assert.deepEqual([...room.usernames].sort(), [users.alice.username, users.bot.username].sort());
    const history = await restOk('/api/v1/im.history', { session: alice, query: { roomId: receipt.rid } });
    assert.ok(history.messages.some((m) => m._id === receipt._id && m.msg === text), 'alice reads it');
  });

  test('logs out over REST, which revokes the token', limit, async () => {
    const session = { userId: bot.userId, authToken: bot.currentLogin.authToken };
    const answer = await bot.logout();
    assert.equal(answer.status, 'success');
    assert.equal(bot.currentLogin, null);
    const me = await rest('/api/v1/me', { session });
    assert.equal(me.status, 401, `the old token is refused: ${me.text}`);
  });
});
