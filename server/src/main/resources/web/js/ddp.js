// DDP client over /websocket (client-api.md §3): connect, log in with the REST token as a resume
// token, subscribe to streams, answer pings. On a lost connection it reconnects with a growing
// delay, logs in again and renews every subscription, so views only ever register listeners.

const MAX_RETRY_MS = 10000;

export class DdpClient {
  constructor(authToken, onStatus = () => {}) {
    this.authToken = authToken;
    this.onStatus = onStatus;
    this.nextId = 1;
    this.pending = new Map(); // method id -> {resolve, reject}
    this.subs = new Map(); // sub id -> {name, params}
    this.listeners = new Map(); // "collection|eventName" -> Set of callbacks(args)
    this.retryMs = 500;
    this.closed = false;
    this.ready = false; // logged in on the current socket: subscriptions may be sent
    this.open();
  }

  open() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    this.socket = new WebSocket(`${scheme}//${location.host}/websocket`);
    this.socket.onopen = () => this.send({ msg: 'connect', version: '1', support: ['1'] });
    this.socket.onmessage = (e) => this.receive(JSON.parse(e.data));
    this.socket.onclose = () => this.reconnect();
  }

  close() {
    this.closed = true;
    this.socket.close();
  }

  reconnect() {
    this.ready = false;
    this.onStatus('offline');
    for (const { reject } of this.pending.values()) {
      reject(new Error('The live connection was lost'));
    }
    this.pending.clear();
    if (!this.closed) {
      setTimeout(() => this.open(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    }
  }

  async connected() {
    await this.call('login', { resume: this.authToken });
    this.retryMs = 500;
    for (const [id, sub] of this.subs) {
      this.send({ msg: 'sub', id, name: sub.name, params: sub.params });
    }
    this.ready = true;
    this.onStatus('online');
  }

  receive(frame) {
    switch (frame.msg) {
      case 'connected':
        this.connected().catch((e) => this.onStatus(`login failed: ${e.message}`));
        break;
      case 'ping':
        this.send(frame.id ? { msg: 'pong', id: frame.id } : { msg: 'pong' });
        break;
      case 'result': {
        const call = this.pending.get(frame.id);
        this.pending.delete(frame.id);
        if (call && frame.error) {
          call.reject(new Error(frame.error.reason || frame.error.message || 'DDP error'));
        } else if (call) {
          call.resolve(frame.result);
        }
        break;
      }
      case 'nosub':
        if (frame.error) {
          this.subs.delete(frame.id);
          this.onStatus(`subscription refused: ${frame.error.reason || frame.error.error}`);
        }
        break;
      case 'changed':
        this.dispatch(frame.collection, frame.fields || {});
        break;
      default:
        break; // server_id, ready, updated, pong: nothing to do
    }
  }

  dispatch(collection, fields) {
    const callbacks = this.listeners.get(`${collection}|${fields.eventName}`);
    for (const callback of callbacks || []) {
      callback(fields.args || []);
    }
  }

  call(method, ...params) {
    const id = String(this.nextId++);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ msg: 'method', id, method, params });
    });
  }

  /** Subscribes to `name` for `eventName` and calls `callback(args)` per event; returns an unsubscribe function. */
  stream(name, eventName, callback) {
    const id = String(this.nextId++);
    const params = [eventName, { useCollection: false, args: [] }];
    this.subs.set(id, { name, params });
    const key = `${name}|${eventName}`;
    if (!this.listeners.has(key)) {
      this.listeners.set(key, new Set());
    }
    this.listeners.get(key).add(callback);
    if (this.ready) {
      this.send({ msg: 'sub', id, name, params }); // otherwise the login on (re)connect sends it
    }
    return () => {
      this.subs.delete(id);
      this.listeners.get(key).delete(callback);
      this.send({ msg: 'unsub', id });
    };
  }

  send(frame) {
    if (this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(frame));
    }
  }
}

/** A DDP date (`{$date: ms}`) or a REST date (ISO string) as a Date. */
export function toDate(value) {
  return new Date(value && typeof value === 'object' && '$date' in value ? value.$date : value);
}
