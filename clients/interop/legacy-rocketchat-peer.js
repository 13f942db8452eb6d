'use strict';
// A Rocket.Chat 3.x server as another federation server sees it on the wire (the legacy DNS
// federation, federation-protocol.md §3–§8), for LegacyRocketChatPeerTest.
// Plain Node 20 and node-rsa 1.1.1, the library Rocket.Chat used; the crypto, event ids, EJSON,
// normalisers and dispatch handlers follow Rocket.Chat 3.x's app/federation/server code, kept in
// memory instead of MongoDB. It is a test double, not a server: one local user (carol), no auth.
//
//   node legacy-rocketchat-peer.js [--domain rc.test] [--host 127.0.0.1] [--port 0]
//                                  [--dns 127.0.0.1:5353] [--timeout-ms 2000]
//
// When it listens it prints one JSON line on stdout:
//   {"ready":true,"domain":…,"host":…,"port":…,"publicKey":"-----BEGIN PUBLIC KEY-----…","carol":{…}}
// Logs go to stderr. It stops on SIGTERM or when stdin closes. Event ids hash Date.prototype.toString()
// of the event's timestamp, so they depend on TZ as Rocket.Chat's did; fedchat computes its ids in UTC.
//
// Federation endpoints (as Rocket.Chat served them):
//   POST /api/v1/federation.events.dispatch          sealed {events}; applied by the 3.x handlers
//   POST /api/v1/federation.events.requestFromLatest sealed; re-dispatches this room's events
//   GET  /api/v1/federation.users.getByUsername?username=
//   GET  /api/v1/federation.users.search?username=&domain=
// Control endpoints, for the test (JSON in, JSON out; dates as EJSON {"$date": ms}):
//   POST /control/dm       {"peer":"alpha.test","username":"alice"}  carol opens a DM with alice@alpha.test
//   POST /control/message  {"roomId":…,"text":…[,"encryptFor":"<PEM>"]} carol writes in the room; with
//                          encryptFor the event is only sent, sealed for that key instead of the peer's
//   POST /control/edit     {"messageId":…,"text":…}                   carol edits her message
//   POST /control/delete   {"messageId":…}                            carol deletes her message
//   POST /control/react    {"messageId":…,"reaction":":smile:"[,"unset":true]}  carol (un)reacts
//   GET  /control/received  every dispatch received: header, decrypted body, per-event results
//   GET  /control/requests  every request received (method, path, query, x-federation-domain)
//   GET  /control/state     users, rooms, subscriptions, messages and room events held here
const crypto = require('crypto');
const dns = require('dns');
const http = require('http');
const querystring = require('querystring');
const NodeRSA = require('node-rsa');
const { randomId, EJSON } = require('./legacy-rocketchat/meteor');
const normalizers = require('./legacy-rocketchat/normalizers');
const { httpCall } = require('./legacy-rocketchat/http');

const options = parseArgs(process.argv.slice(2));
const DOMAIN = options.domain || 'rc.test';
const TIMEOUT_MS = Number(options['timeout-ms'] || 2000); // Meteor HTTP.call's timeout in lib/http.js
const resolver = new dns.promises.Resolver();
if (options.dns) {
  resolver.setServers([options.dns]);
}

function parseArgs(args) {
  const out = {};
  for (let i = 0; i < args.length; i += 2) {
    if (!args[i].startsWith('--') || args[i + 1] === undefined) {
      process.stderr.write(`usage: legacy-rocketchat-peer.js [--domain d] [--host h] [--port p] [--dns ip:port] [--timeout-ms n]\n`);
      process.exit(2);
    }
    out[args[i].slice(2)] = args[i + 1];
  }
  return out;
}

function log(...parts) {
  process.stderr.write(`[rc ${DOMAIN}] ${parts.join(' ')}\n`);
}

// ---------------------------------------------------------------------------------------------
// Keys and the double encryption (startup/generateKeys.js, lib/crypt.js)
// ---------------------------------------------------------------------------------------------

// new NodeRSA({ b: 512 }) then generateKeyPair() without arguments: node-rsa makes it 2048 bits.
const ownKey = new NodeRSA({ b: 512 });
ownKey.generateKeyPair();
const PUBLIC_KEY = ownKey.exportKey('pkcs8-public-pem').replace(/\n|\r/g, '');
const PRIVATE_KEY = ownKey.exportKey('pkcs8-private-pem').replace(/\n|\r/g, '');

function loadKey(key, type) {
  return new NodeRSA(key, `pkcs8-${type}-pem`);
}

/** The peer's public key first (OAEP), then our private key (PKCS#1 type 1): a Buffer. */
function encrypt(data, peerKey) {
  const forPeer = loadKey(peerKey, 'public').encrypt(data); // node-rsa JSON.stringifies an object itself
  return loadKey(PRIVATE_KEY, 'private').encryptPrivate(forPeer);
}

function decrypt(data, peerKey) {
  const payloadBuffer = Buffer.from(data); // {type:'Buffer', data:[…]} → bytes
  let opened;
  try {
    opened = loadKey(peerKey, 'public').decryptPublic(payloadBuffer);
    opened = loadKey(PRIVATE_KEY, 'private').decrypt(opened);
  } catch (err) {
    log('crypt:', err.message);
    throw new Error('Could not decrypt');
  }
  return JSON.parse(opened.toString());
}

async function decryptIfNeeded(headers, bodyParams) {
  const remotePeerDomain = headers['x-federation-domain'];
  if (!remotePeerDomain) {
    throw new Error('Domain is unknown, ignoring event');
  }
  if (remotePeerDomain === DOMAIN) {
    return bodyParams; // Rocket.Chat's own loopback requests travelled in clear (§3.4: a known bypass)
  }
  const { publicKey } = await search(remotePeerDomain);
  if (!publicKey) {
    throw new Error("Could not find the peer's public key to decrypt");
  }
  return decrypt(bodyParams, publicKey);
}

// ---------------------------------------------------------------------------------------------
// DNS discovery (lib/dns.js): SRV _https, then _http, then legacy _tcp; the key's first TXT record
// ---------------------------------------------------------------------------------------------

async function search(peerDomain) {
  let srv;
  let protocol;
  for (const [proto, name] of [['https', '_rocketchat._https'], ['http', '_rocketchat._http'], ['https', '_rocketchat._tcp']]) {
    try {
      [srv] = await resolver.resolveSrv(`${name}.${peerDomain}`);
      if (srv) {
        protocol = proto;
        break;
      }
    } catch (err) {
      // not found: try the next name
    }
  }
  if (!srv) {
    throw new Error(`Could not find the peer using DNS or Hub: ${peerDomain}`);
  }
  const txt = await resolver.resolveTxt(`rocketchat-public-key.${peerDomain}`);
  const publicKey = txt.length ? txt[0].join('') : null;
  if (!publicKey) {
    throw new Error(`Could not find the peer using DNS or Hub: no public key for ${peerDomain}`);
  }
  return { url: `${protocol}://${srv.name}:${srv.port}`, peerDomain, publicKey };
}

// ---------------------------------------------------------------------------------------------
// Outgoing requests (lib/http.js, handler/index.js)
// ---------------------------------------------------------------------------------------------

async function federationRequestToPeer(method, peerDomain, uri, body, sealFor) {
  const { url, publicKey } = await search(peerDomain);
  let content;
  if ((method === 'POST' || method === 'PUT') && body) {
    // EJSON first, then sealed for the peer (never for ourselves), then the Buffer's JSON
    let data = EJSON.toJSONValue(body);
    if (peerDomain !== DOMAIN) {
      data = encrypt(data, sealFor || publicKey);
    }
    content = JSON.stringify(data);
  }
  return httpCall(method, `${url}${uri}`, content, DOMAIN, TIMEOUT_MS);
}

/** dispatchEvents: each domain once, in order; our own through the loopback, others' errors kept, not thrown. */
async function dispatchEvents(domains, events, sealFor) {
  const deliveries = [];
  for (const domain of [...new Set(domains)]) {
    if (domain === DOMAIN) {
      if (!sealFor) {
        await receiveEvents(EJSON.fromJSONValue(EJSON.toJSONValue({ events })).events); // loopback, in clear
        deliveries.push({ domain, status: 200, body: { success: true } });
      }
      continue;
    }
    try {
      const answer = await federationRequestToPeer('POST', domain, '/api/v1/federation.events.dispatch', { events }, sealFor);
      deliveries.push({ domain, status: answer.status, body: answer.data || answer.text });
    } catch (err) {
      log('dispatch to', domain, 'failed:', err.message);
      deliveries.push({ domain, status: err.answer ? err.answer.status : 0, body: err.answer ? err.answer.data || err.answer.text : err.message });
    }
  }
  return deliveries;
}

async function getUserByUsername(query) {
  const [username, peerDomain] = query.split('@');
  const uri = `/api/v1/federation.users.getByUsername?${querystring.stringify({ username })}`;
  const { data } = await federationRequestToPeer('GET', peerDomain, uri);
  return data.user;
}

// ---------------------------------------------------------------------------------------------
// The "database": Rocket.Chat's collections, in memory
// ---------------------------------------------------------------------------------------------

const Users = new Map();
const Rooms = new Map();
const Subscriptions = new Map();
const Messages = new Map();
const RoomEvents = new Map(); // roomId → [event], in insertion order, each with hasChildren

const carol = {
  _id: randomId(),
  createdAt: new Date(),
  services: { password: { bcrypt: '(never sent: the normaliser picks its fields)' } },
  username: 'carol',
  emails: [{ address: 'carol@mail.rc.example', verified: true }],
  type: 'user',
  status: 'online',
  active: true,
  name: 'Carol',
  roles: ['user'],
  _updatedAt: new Date(),
};
Users.set(carol._id, carol);

const received = []; // every dispatch, for /control/received
const requests = []; // every request, for /control/requests

const {
  hasExternalDomain, normalizeUser, denormalizeUser, normalizeRoom, denormalizeRoom,
  normalizeSubscription, denormalizeSubscription, normalizeMessage, denormalizeMessage,
} = normalizers(DOMAIN, Users);

// ---------------------------------------------------------------------------------------------
// Room events (models/FederationEvents.js, FederationRoomEvents.js)
// ---------------------------------------------------------------------------------------------

/** SHA-256 of origin, context, parents, type, Date.prototype.toString() of the timestamp and data. */
function getEventHash(contextQuery, event) {
  const input = `${event.origin}${JSON.stringify(contextQuery)}${event.parentIds.join(',')}${event.type}${event.timestamp}${JSON.stringify(event.data)}`;
  return crypto.createHash('sha256').update(input, 'utf8').digest('hex');
}

function eventsOf(roomId) {
  if (!RoomEvents.has(roomId)) {
    RoomEvents.set(roomId, []);
  }
  return RoomEvents.get(roomId);
}

/**
 * The event with the room's leaves as parents; Rocket.Chat stored it only later, when it came back
 * through the loopback. `detached` leaves the graph alone (an event only sent, never kept).
 */
function createEvent(origin, roomId, type, data, detached = false) {
  const stored = eventsOf(roomId);
  const parents = type === 'genesis' ? [] : stored.filter((e) => e.hasChildren === false);
  const contextQuery = { roomId };
  const event = { origin, context: contextQuery, parentIds: parents.map((e) => e._id), type, timestamp: new Date(), data, hasChildren: false };
  event._id = getEventHash(contextQuery, event);
  if (!detached) {
    parents.forEach((e) => delete e.hasChildren);
  }
  return event;
}

function addEvent(contextQuery, event) {
  const stored = eventsOf(contextQuery.roomId);
  if (!stored.some((e) => e._id === event._id)) {
    const parents = stored.filter((e) => event.parentIds.includes(e._id));
    if (parents.length !== event.parentIds.length) {
      const latestEventIds = stored.filter((e) => e.origin === event.origin).map((e) => e._id);
      return { success: false, reason: 'missingParents', latestEventIds };
    }
    parents.forEach((e) => delete e.hasChildren);
    stored.push({ ...event, hasChildren: false });
  }
  return { success: true };
}

// ---------------------------------------------------------------------------------------------
// Dispatch handlers (endpoints/dispatch.js) and the endpoints
// ---------------------------------------------------------------------------------------------

const eventHandlers = {
  ping: () => ({ success: true }),
  genesis(event) {
    const eventResult = addEvent(event.context, event);
    if (eventResult.success) {
      const { room } = event.data;
      const persisted = Rooms.get(room._id);
      if (persisted) {
        persisted.federation = room.federation;
      } else {
        Rooms.set(room._id, { ...denormalizeRoom(room), _updatedAt: new Date() });
      }
    }
    return eventResult;
  },
  room_add_user(event) {
    const eventResult = addEvent(event.context, event);
    if (eventResult.success) {
      const { roomId, user, subscription, domainsAfterAdd } = event.data;
      let altered = false;
      const persistedUser = Users.get(user._id);
      if (persistedUser) {
        if (!persistedUser.federation) {
          persistedUser.federation = user.federation;
          altered = true;
        }
      } else {
        const u = denormalizeUser(user);
        Users.set(u._id, u);
        altered = true;
      }
      try {
        // Meteor matched nothing for {_id: undefined} and gave an inserted document an id of its own
        const persisted = subscription._id && Subscriptions.get(subscription._id);
        if (persisted) {
          persisted.federation = persisted.federation || subscription.federation;
        } else {
          const s = denormalizeSubscription(subscription);
          s._id = s._id || randomId();
          Subscriptions.set(s._id, s);
          altered = true;
        }
      } catch (err) {
        log(`unable to create subscription for user ( ${user._id} ) in room (${roomId}): ${err.message}`);
      }
      // Rocket.Chat $set the domains even when the event had none (at room creation); kept here instead
      if (altered && domainsAfterAdd !== undefined && Rooms.has(roomId)) {
        Rooms.get(roomId).federation.domains = domainsAfterAdd;
      }
    }
    return eventResult;
  },
  room_message(event) {
    const eventResult = addEvent(event.context, event);
    if (eventResult.success) {
      const { message } = event.data;
      const persisted = Messages.get(message._id);
      if (persisted) {
        persisted.federation = persisted.federation || message.federation;
      } else {
        const m = denormalizeMessage(message);
        Messages.set(m._id, m);
        const room = Rooms.get(m.rid);
        if (room) {
          room.msgs = (room.msgs || 0) + 1;
        }
      }
    }
    return eventResult;
  },
  room_edit_message(event) {
    const eventResult = addEvent(event.context, event);
    if (eventResult.success) {
      const { message } = event.data;
      const persisted = Messages.get(message._id);
      if (!persisted) {
        return { success: false, reason: 'missingMessageToEdit' };
      }
      Object.assign(persisted, { msg: message.msg, federation: message.federation });
    }
    return eventResult;
  },
  room_delete_message(event) {
    const eventResult = addEvent(event.context, event);
    if (eventResult.success) {
      Messages.delete(event.data.messageId);
    }
    return eventResult;
  },
  room_set_message_reaction(event) {
    const eventResult = addEvent(event.context, event);
    if (eventResult.success) {
      const { messageId, username, reaction } = event.data;
      const persisted = Messages.get(messageId); // absent: Rocket.Chat crashed on the next line
      persisted.reactions = persisted.reactions || {};
      const usernames = new Set((persisted.reactions[reaction] || { usernames: [] }).usernames).add(username);
      persisted.reactions[reaction] = { usernames: [...usernames] };
    }
    return eventResult;
  },
  room_unset_message_reaction(event) {
    const eventResult = addEvent(event.context, event);
    if (eventResult.success) {
      const { messageId, username, reaction } = event.data;
      const persisted = Messages.get(messageId);
      const current = persisted.reactions && persisted.reactions[reaction];
      if (current) {
        current.usernames = current.usernames.filter((u) => u !== username);
        if (current.usernames.length === 0) {
          delete persisted.reactions[reaction];
        }
      }
    }
    return eventResult;
  },
};

/** The dispatch loop: in order; at the first failure ask the origin for what is missing, and stop. */
async function receiveEvents(events) {
  const results = [];
  for (const event of events) {
    const handler = eventHandlers[event.type];
    const eventResult = handler ? handler(event) : undefined;
    results.push({
      _id: event._id,
      type: event.type,
      success: !!(eventResult && eventResult.success),
      reason: eventResult ? eventResult.reason : 'no handler for this type',
      // with TZ=UTC this is how a Rocket.Chat server would have named the event (receivers never check)
      idFollowsRecipe: event.context ? getEventHash(event.context, event) === event._id : false,
    });
    if (!eventResult || !eventResult.success) {
      // a missing handler made Rocket.Chat throw right here (eventResult.latestEventIds of undefined)
      await requestEventsFromLatest(event.origin, DOMAIN, 'room', event.context, eventResult.latestEventIds);
      break;
    }
  }
  return results;
}

async function requestEventsFromLatest(domain, fromDomain, contextType, contextQuery, latestEventIds) {
  await federationRequestToPeer('POST', domain, '/api/v1/federation.events.requestFromLatest', {
    fromDomain, contextType, contextQuery, latestEventIds,
  });
}

const routes = {
  async 'POST /api/v1/federation.events.dispatch'(req) {
    const record = { at: new Date(), from: req.headers['x-federation-domain'] || null, body: null, results: [] };
    received.push(record);
    let payload;
    try {
      payload = await decryptIfNeeded(req.headers, req.body);
    } catch (err) {
      record.error = 'Could not decrypt payload';
      log('dispatch from', record.from, 'refused:', err.message);
      return failure('Could not decrypt payload');
    }
    record.body = EJSON.fromJSONValue(payload); // shown as EJSON again: exactly the decrypted JSON
    const { events } = record.body;
    try {
      record.results = await receiveEvents(events);
    } catch (err) {
      record.error = err.message;
      throw err;
    }
    return success();
  },
  async 'POST /api/v1/federation.events.requestFromLatest'(req) {
    const payload = await decryptIfNeeded(req.headers, req.body);
    const { fromDomain, contextQuery, latestEventIds } = EJSON.fromJSONValue(payload);
    const stored = eventsOf(contextQuery.roomId);
    let events;
    if (!latestEventIds || latestEventIds.length === 0) {
      events = [...stored];
    } else {
      const oldest = stored.find((e) => latestEventIds.includes(e._id));
      if (!oldest) {
        return undefined; // Rocket.Chat answered nothing
      }
      events = stored.filter((e) => e.timestamp >= oldest.timestamp && !latestEventIds.includes(e._id));
    }
    events.sort((a, b) => a.timestamp - b.timestamp);
    await federationRequestToPeer('POST', fromDomain, '/api/v1/federation.events.dispatch', { events });
    return success();
  },
  'GET /api/v1/federation.users.getByUsername'(req) {
    const { username } = req.query;
    const user = [...Users.values()].find((u) => u.username === username && u.type === 'user');
    return success({ user: normalizeUser(withoutServicesAndRoles(user)) });
  },
  'GET /api/v1/federation.users.search'(req) {
    const { username, domain } = req.query;
    const users = [...Users.values()].filter((u) => u.type === 'user'
        && (u.name === username || u.username === username || u.emails.some((e) => e.address === `${username}@${domain}`)));
    return success({ users: users.map((u) => normalizeUser(withoutServicesAndRoles(u))) });
  },
  'GET /api/v1/federation.uploads'() {
    return failure('There is no such file in this server');
  },
  async 'POST /control/dm'(req) {
    const { peer, username } = req.body;
    // createDirectMessage with a qualified name: addUser (functions/addUser.js), then createDirectRoom
    const remote = await getUserByUsername(`${username}@${peer}`);
    if (!Users.has(remote._id)) {
      Users.set(remote._id, { ...remote, _updatedAt: new Date() });
    }
    const { room, members, isNewRoom } = createDirectRoom([carol, Users.get(remote._id)], carol._id);
    // the callback ran only for a new room: the same DM asked for again sends nothing
    const { events, deliveries } = isNewRoom ? await afterCreateDirectRoom(room, { members }) : { events: [], deliveries: [] };
    return control({ roomId: room._id, user: remote, events, deliveries });
  },
  async 'POST /control/message'(req) {
    const { roomId, text, encryptFor } = req.body;
    const room = Rooms.get(roomId);
    if (!room) {
      return failure(`no room ${roomId}`);
    }
    const now = new Date();
    const message = {
      _id: randomId(), rid: roomId, msg: text, ts: now, u: { _id: carol._id, username: carol.username, name: carol.name },
      mentions: [], channels: [], _updatedAt: now,
    };
    if (!encryptFor) {
      Messages.set(message._id, message);
      room.msgs += 1;
    }
    // afterSaveMessage: a room_message event to every domain of the room
    const sent = await sendRoomEvent(roomId, 'room_message', { message: normalizeMessage(message) }, encryptFor);
    return { ...sent, body: { ...sent.body, messageId: message._id } };
  },
  async 'POST /control/edit'(req) {
    const { messageId, text } = req.body;
    const message = Messages.get(messageId);
    if (!message) {
      return failure(`no message ${messageId}`);
    }
    Object.assign(message, { msg: text, editedAt: new Date(), editedBy: { _id: carol._id, username: carol.username } });
    // afterSaveMessage with editedAt: only the id, the text and the federation travel
    const { _id, msg, federation } = message;
    return sendRoomEvent(message.rid, 'room_edit_message', { message: { _id, msg, federation } });
  },
  async 'POST /control/delete'(req) {
    const { messageId } = req.body;
    const message = Messages.get(messageId);
    if (!message) {
      return failure(`no message ${messageId}`);
    }
    Messages.delete(messageId);
    return sendRoomEvent(message.rid, 'room_delete_message', { roomId: message.rid, messageId });
  },
  async 'POST /control/react'(req) {
    const { messageId, reaction, unset } = req.body;
    const message = Messages.get(messageId);
    if (!message) {
      return failure(`no message ${messageId}`);
    }
    message.reactions = message.reactions || {};
    const usernames = new Set((message.reactions[reaction] || { usernames: [] }).usernames);
    if (unset) {
      usernames.delete(carol.username);
    } else {
      usernames.add(carol.username);
    }
    message.reactions[reaction] = { usernames: [...usernames] };
    // afterSetReaction / afterUnsetReaction: the reacting user's local, unqualified username (§8.3)
    return sendRoomEvent(message.rid, unset ? 'room_unset_message_reaction' : 'room_set_message_reaction', {
      roomId: message.rid, messageId, username: carol.username, reaction,
    });
  },
  'GET /control/received'() {
    return control({ dispatches: received });
  },
  'GET /control/requests'() {
    return control({ requests });
  },
  'GET /control/state'() {
    const all = (m) => [...m.values()];
    return control({
      users: all(Users), rooms: all(Rooms), subscriptions: all(Subscriptions), messages: all(Messages),
      events: Object.fromEntries(RoomEvents),
    });
  },
};

/**
 * One event of carol's about a room, to every domain of the room when it spans others (the after*
 * hooks). With `sealFor` the event is sealed for that key instead of each peer's, and nothing is kept.
 */
async function sendRoomEvent(roomId, type, data, sealFor) {
  const room = Rooms.get(roomId);
  if (!hasExternalDomain(room)) {
    return control({ events: [], deliveries: [] });
  }
  const event = createEvent(DOMAIN, roomId, type, data, !!sealFor);
  const deliveries = await dispatchEvents(room.federation.domains, [event], sealFor);
  return control({ eventId: event._id, events: [event], deliveries });
}

function withoutServicesAndRoles(user) {
  if (!user) {
    return user;
  }
  const { services, roles, ...rest } = user;
  return rest;
}

/** createDirectRoom (lib/server/functions/createDirectRoom.js) for two members, carol creating it. */
function createDirectRoom(members, creatorId) {
  const sortedMembers = members.sort((u1, u2) => (u1.name || u1.username).localeCompare(u2.name || u2.username));
  const usernames = sortedMembers.map(({ username }) => username);
  const uids = members.map(({ _id }) => _id).sort();
  const now = new Date();
  const room = Rooms.get(uids.join('')) || {
    _id: uids.join(''), t: 'd', usernames, usersCount: members.length, msgs: 0, ts: now, uids, _updatedAt: now,
  };
  const isNewRoom = !Rooms.has(room._id);
  Rooms.set(room._id, room);
  for (const member of members) {
    const others = sortedMembers.filter(({ _id }) => _id !== member._id);
    const existing = [...Subscriptions.values()].find((s) => s.rid === room._id && s.u._id === member._id);
    if (!existing) {
      const s = {
        _id: randomId(), rid: room._id, alert: false, unread: 0, userMentions: 0, groupMentions: 0, t: 'd',
        fname: others.map(({ name, username }) => name || username).join(', '),
        name: others.map(({ username }) => username).join(', '),
        u: { _id: member._id, username: member.username }, open: member._id === creatorId, _updatedAt: now,
      };
      Subscriptions.set(s._id, s);
    }
  }
  return { room, members, isNewRoom };
}

/** hooks/afterCreateDirectRoom.js: genesis first, then one add-user event per member, all without parents. */
async function afterCreateDirectRoom(room, extras) {
  if (room.federation || !room.usernames.find((u) => u.indexOf('@') !== -1)) {
    return { events: [], deliveries: [] };
  }
  const normalizedRoom = normalizeRoom(room);
  if (eventsOf(room._id).some((e) => e.type === 'genesis')) {
    throw new Error(`A GENESIS event for this context query already exists: ${JSON.stringify({ roomId: room._id })}`);
  }
  const genesisEvent = createEvent(DOMAIN, room._id, 'genesis', { contextType: 'room', room: normalizedRoom });
  const events = extras.members.map((member) => {
    const normalizedMember = normalizeUser(member);
    const subscription = [...Subscriptions.values()].find((s) => s.rid === room._id && s.u._id === normalizedMember._id);
    return createEvent(DOMAIN, room._id, 'room_add_user', {
      roomId: room._id, user: normalizedMember, subscription: normalizeSubscription(subscription), domainsAfterAdd: undefined,
    });
  });
  const deliveries = await dispatchEvents(normalizedRoom.federation.domains, [genesisEvent, ...events]);
  return { events: [genesisEvent, ...events], deliveries };
}

// ---------------------------------------------------------------------------------------------
// HTTP: Rocket.Chat's REST answers (API.v1.success / failure), the request log, the server
// ---------------------------------------------------------------------------------------------

const success = (body = {}) => ({ status: 200, body: { ...body, success: true } });
const failure = (error) => ({ status: 400, body: { success: false, error } });
const control = (body) => ({ status: 200, body: EJSON.toJSONValue(body) });

async function handle(req, res) {
  const url = new URL(req.url, 'http://peer');
  req.query = Object.fromEntries(url.searchParams);
  requests.push({ at: new Date(), method: req.method, path: url.pathname, query: req.query, domain: req.headers['x-federation-domain'] || null });
  const chunks = [];
  for await (const chunk of req) {
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let answer;
  try {
    req.body = text ? JSON.parse(text) : {};
    const route = routes[`${req.method} ${url.pathname}`];
    answer = route ? await route(req) : { status: 404, body: { status: 'error', message: 'API endpoint does not exist' } };
  } catch (err) {
    // Rocket.Chat's API wrapper: a thrown error becomes a failure with its message
    log(req.method, url.pathname, 'failed:', err.stack || err.message);
    answer = failure(err.message);
  }
  const body = answer === undefined ? '' : JSON.stringify(answer.body);
  res.writeHead(answer === undefined ? 200 : answer.status, { 'Content-Type': 'application/json' });
  res.end(body);
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((err) => {
    log('unexpected:', err.stack);
    res.writeHead(500).end();
  });
});
server.listen(Number(options.port || 0), options.host || '127.0.0.1', () => {
  const { address, port } = server.address();
  const ready = { ready: true, domain: DOMAIN, host: address, port, publicKey: PUBLIC_KEY, carol: EJSON.toJSONValue(carol) };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  log('listening on', `${address}:${port}`);
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
