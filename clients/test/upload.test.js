'use strict';
// File upload and download (client-api.md §2.6). Neither published client has an upload method,
// so the multipart rooms.upload and the download use fetch, with the session rocketchat-api's
// login gives; the client's own channels.history then shows the file message.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { randomBytes } = require('node:crypto');
const RocketChatClient = require('rocketchat-api');
const { server, channels, users, unique, rest, login, authHeaders, once } = require('./support/fixture');

/** A hung call fails its own test, by name, instead of the whole run timing out. */
const limit = { timeout: 20_000 };

const channel = channels.rest;

describe('rooms.upload and /file-upload downloads', () => {
  // Every byte value, then random bytes: any text decoding on the way would change them.
  const content = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(64 * 1024)]);
  const fileName = 'report 2026 (final).bin';
  let client;
  let connected;
  let carol;
  let message;

  before(async () => {
    client = new RocketChatClient({ protocol: 'http', host: server.host, port: server.port });
    client.restClient.options.timeout = 15_000;
    // Only awaited before disconnecting: closing a socket still connecting would raise in ws.
    connected = once(client.wsClient.ddp, 'connected').catch(() => {});
    const data = await client.login(users.carol.username, users.carol.password);
    carol = { userId: data.userId, authToken: data.authToken };
  }, limit);

  after(async () => {
    await connected;
    client.wsClient.disconnect();
  }, limit);

  test('uploads a file as multipart/form-data', limit, async () => {
    const form = new FormData();
    form.append('file', new Blob([content], { type: 'application/octet-stream' }), fileName);
    const caption = unique('the figures');
    form.append('msg', caption);
    form.append('description', 'all of them');
    const response = await fetch(`${server.url}/api/v1/rooms.upload/${channel.id}`, {
      method: 'POST',
      headers: authHeaders(carol),
      body: form,
    });
    const body = await response.json();
    assert.equal(response.status, 200, JSON.stringify(body));
    assert.equal(body.success, true);
    message = body.message;
    assert.equal(message.rid, channel.id);
    assert.equal(message.msg, caption);
    assert.equal(message.u.username, users.carol.username);
    assert.equal(message.file.name, fileName);
    assert.equal(message.file.size, content.length);
    assert.equal(message.attachments.length, 1);
    assert.equal(message.attachments[0].title, fileName);
    assert.equal(message.attachments[0].description, 'all of them');
    assert.match(message.attachments[0].title_link, /^\/file-upload\//);
  });

  test('the channel history shows the file message', limit, async () => {
    const history = await client.channels.history({ roomId: channel.id, count: 50 });
    const found = history.messages.find((m) => m._id === message._id);
    assert.ok(found, `file message ${message._id} is in the history`);
    assert.equal(found.file._id, message.file._id);
    assert.equal(found.attachments[0].title_link, message.attachments[0].title_link);
  });

  test('the uploader downloads the same bytes from title_link', limit, async () => {
    const response = await fetch(new URL(message.attachments[0].title_link, server.url), { headers: authHeaders(carol) });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/octet-stream');
    assert.equal(Number(response.headers.get('content-length')), content.length);
    assert.ok(Buffer.from(await response.arrayBuffer()).equals(content), 'the downloaded bytes equal the uploaded ones');
  });

  test('another member of the room downloads it too; without a login it is refused', limit, async () => {
    const link = new URL(message.attachments[0].title_link, server.url);
    const alice = await login(users.alice);
    const asAlice = await fetch(link, { headers: authHeaders(alice) });
    assert.equal(asAlice.status, 200);
    assert.ok(Buffer.from(await asAlice.arrayBuffer()).equals(content));
    const anonymous = await rest(link.pathname);
    assert.equal(anonymous.status, 403, `FileUpload_ProtectFiles is on by default: ${anonymous.text}`);
  });
});
