'use strict';
// The server and fixture users that PublishedClientsTest prepares and hands over in FEDCHAT_*
// variables, plus the few helpers the suites share. Plain fetch is here only for calls the
// clients under test have no method for (and for the "other user" side of a conversation).

const { randomUUID } = require('node:crypto');

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set; this suite runs from PublishedClientsTest (mvn verify or ./test.sh)`);
  }
  return value;
}

const serverUrl = new URL(required('FEDCHAT_URL'));

const server = {
  url: serverUrl.origin,
  host: serverUrl.hostname,
  port: Number(serverUrl.port),
};

function channel(key) {
  return { id: required(`FEDCHAT_${key}_CHANNEL_ID`), name: required(`FEDCHAT_${key}_CHANNEL_NAME`) };
}

/**
 * The suites run in parallel, so the bot's room is its own: the SDK drops a streamed message
 * older than the last one it saw, and other suites' posts could otherwise overtake its message.
 * bot: bot and alice; rest: carol and alice.
 */
const channels = { bot: channel('BOT'), rest: channel('REST') };

function user(key) {
  return { username: required(`FEDCHAT_${key}_USERNAME`), password: required(`FEDCHAT_${key}_PASSWORD`) };
}

/** bot: driven by @rocket.chat/sdk; carol: by rocketchat-api; alice: the person on the other side. */
const users = { bot: user('BOT'), alice: user('ALICE'), carol: user('CAROL') };

/** A text no other test posts, so a listener can tell its message from everyone else's. */
function unique(label) {
  return `${label} ${randomUUID()}`;
}

function authHeaders(session) {
  return session ? { 'X-User-Id': session.userId, 'X-Auth-Token': session.authToken } : {};
}

/** A REST call with fetch; answers `{ status, body }` whatever the status. */
async function rest(path, { method, session, body, query } = {}) {
  const url = new URL(path, server.url);
  for (const [key, value] of Object.entries(query || {})) {
    url.searchParams.set(key, value);
  }
  const headers = authHeaders(session);
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(url, {
    method: method || (body === undefined ? 'GET' : 'POST'),
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: response.status, body: json, text };
}

/** Like `rest`, but the answer must be 200 with `success: true`; answers the body. */
async function restOk(path, options) {
  const answer = await rest(path, options);
  if (answer.status !== 200 || !answer.body || answer.body.success !== true) {
    throw new Error(`${options && options.method ? options.method : 'GET/POST'} ${path} answered ${answer.status}: ${answer.text}`);
  }
  return answer.body;
}

/** Logs in with fetch (for the "other user"); answers `{ userId, authToken }`. */
async function login({ username, password }) {
  const body = await restOk('/api/v1/login', { body: { user: username, password } });
  return { userId: body.data.userId, authToken: body.data.authToken };
}

/**
 * Collects what a callback delivers and lets a test await the first item matching a predicate,
 * including items that arrived before the test started waiting. A wait fails after `ms` instead
 * of hanging the suite.
 */
class Inbox {
  constructor() {
    this.items = [];
    this.waiters = [];
    this.error = null;
  }

  push(item) {
    this.items.push(item);
    for (const waiter of [...this.waiters]) {
      if (waiter.predicate(item)) {
        waiter.settle(null, item);
      }
    }
  }

  /** A failure reported by the callback fails every current and future wait. */
  fail(error) {
    this.error = error;
    for (const waiter of [...this.waiters]) {
      waiter.settle(error);
    }
  }

  next(predicate, what, ms = 10_000) {
    if (this.error) {
      return Promise.reject(this.error);
    }
    const earlier = this.items.find(predicate);
    if (earlier) {
      return Promise.resolve(earlier);
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        predicate,
        settle: (error, item) => {
          clearTimeout(timer);
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          return error ? reject(error) : resolve(item);
        },
      };
      const timer = setTimeout(() => waiter.settle(new Error(
        `no ${what} within ${ms} ms; received instead: ${JSON.stringify(this.items.map((i) => i.msg ?? i))}`)), ms);
      this.waiters.push(waiter);
    });
  }
}

/** Resolves when `emitter` emits `event`, fails after `ms`. */
function once(emitter, event, ms = 10_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${event}' event within ${ms} ms`)), ms);
    emitter.once(event, (value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

module.exports = { server, channels, users, unique, rest, restOk, login, authHeaders, Inbox, once };
