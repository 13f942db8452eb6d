// The room list: the user's subscriptions (channels, private groups, DMs) with unread counts,
// kept current by `stream-notify-user` `<uid>/subscriptions-changed` (client-api.md §3.2).

import { el, reporting, showError } from './dom.js';
import { domainOfUsername, nameView, originOf } from './names.js';

const KINDS = { c: 'channel', p: 'private group', d: 'direct message' };
const ORDER = { d: 0, p: 1, c: 2 };
/** Live changes remembered to replay over a list that was loaded meanwhile; a load takes far fewer. */
const LIVE_CHANGES_KEPT = 200;

function applyChange(subs, action, sub) {
  if (action === 'removed') {
    subs.delete(sub.rid);
  } else {
    subs.set(sub.rid, sub);
  }
}

/** What a room is called and, when it spans servers, the domain to mark it with. */
export function roomLabel(sub) {
  const name = sub.fname || sub.name || sub.rid;
  return { name, remoteDomain: domainOfUsername(name) || originOf(sub) };
}

export class RoomList {
  constructor(rest, ddp, onSelect) {
    this.rest = rest;
    this.onSelect = onSelect;
    this.list = document.getElementById('room-list');
    this.subs = new Map(); // rid -> subscription
    this.current = null;
    // the live changes, numbered: a list loaded over REST may answer after changes that came live
    // while it was on its way, and must not undo them (a group just created would vanish)
    this.changes = []; // [{seq, action, sub}], the latest LIVE_CHANGES_KEPT
    this.seq = 0;
    ddp.stream('stream-notify-user', `${rest.session.userId}/subscriptions-changed`, ([action, sub]) => {
      this.changes.push({ seq: ++this.seq, action, sub });
      if (this.changes.length > LIVE_CHANGES_KEPT) {
        this.changes.shift();
      }
      applyChange(this.subs, action, sub);
      this.render();
    });
    // the server counts unread messages without announcing each change: count the live ones here
    // too (subscriptions.get and subscriptions-changed replace the count with the server's)
    this.counted = new Set(); // ids of messages already counted: edits and reactions resend them
    ddp.stream('stream-room-messages', '__my_messages__', ([message]) => this.countUnread(message));
  }

  countUnread(message) {
    const sub = message && this.subs.get(message.rid);
    if (!sub) {
      this.load(); // a room this list does not know yet
    } else if (message.rid !== this.current && message.u && message.u._id !== this.rest.session.userId
        && !this.counted.has(message._id)) {
      if (this.counted.size > 1000) {
        this.counted.clear(); // bounded: at worst a later edit of a forgotten message counts once more
      }
      this.counted.add(message._id);
      sub.unread = (sub.unread || 0) + 1;
      this.render();
    }
  }

  load() {
    const since = this.seq;
    return reporting(async () => {
      const body = await this.rest.get('/api/v1/subscriptions.get');
      const subs = new Map(body.update.map((s) => [s.rid, s]));
      this.changes.filter((c) => c.seq > since).forEach((c) => applyChange(subs, c.action, c.sub));
      this.subs = subs;
      this.render();
    });
  }

  /** Opens room `rid`, loading the list first when it is not known yet (a DM just created). */
  async select(rid) {
    if (!this.subs.has(rid)) {
      await this.load();
    }
    const sub = this.subs.get(rid);
    if (!sub) {
      showError(`The room ${rid} is not among your rooms (yet): reload the page to see it.`);
      return;
    }
    sub.unread = 0; // the message view marks it read on the server
    this.current = rid;
    this.render();
    this.onSelect(sub);
  }

  render() {
    const sorted = [...this.subs.values()].sort((a, b) =>
      (ORDER[a.t] ?? 3) - (ORDER[b.t] ?? 3) || roomLabel(a).name.localeCompare(roomLabel(b).name));
    this.list.replaceChildren(...sorted.map((sub) => this.item(sub)));
  }

  item(sub) {
    const { name, remoteDomain } = roomLabel(sub);
    const unread = sub.rid !== this.current && sub.unread > 0;
    const kind = KINDS[sub.t] || 'room';
    const button = el('button', {
      type: 'button', class: 'link', 'data-rid': sub.rid, 'aria-current': sub.rid === this.current ? 'true' : null,
      'aria-label': `${name}, ${kind}${remoteDomain ? ', federated' : ''}${unread ? `, ${sub.unread} unread` : ''}`,
    }, el('span', {}, sub.t === 'c' ? '# ' : sub.t === 'p' ? '🔒 ' : '@ ', nameView(name, remoteDomain)),
    unread ? el('span', { class: 'unread' }, String(sub.unread)) : null);
    button.onclick = () => this.select(sub.rid);
    return el('li', {}, button);
  }
}
