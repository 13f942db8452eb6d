// The open room: history over REST (older pages as the reader scrolls up), new, edited and
// reacted messages live over `stream-room-messages`, deletions over `stream-notify-room`, the
// composer (chat.sendMessage, or chat.update while editing) and uploads (rooms.upload/:rid)
// (client-api.md §2.4–2.6, §3.1).

import { toDate } from './ddp.js';
import { el, reporting } from './dom.js';
import { messageItem } from './message-item.js';
import { nameView } from './names.js';
import { roomLabel } from './rooms.js';

const HISTORY = { c: 'channels.history', p: 'groups.history', d: 'im.history' };
const PAGE = 50;
const ID_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz';

/** A Meteor-style id, so a retried send cannot post twice (client-api.md §2.4, chat.sendMessage). */
function newMessageId() {
  const bytes = crypto.getRandomValues(new Uint8Array(17));
  return Array.from(bytes, (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
}

export class MessageView {
  constructor(rest, ddp) {
    this.rest = rest;
    this.ddp = ddp;
    this.title = document.getElementById('room-title');
    this.list = document.getElementById('messages');
    this.older = document.getElementById('older');
    this.composer = document.getElementById('composer');
    this.composerLabel = this.composer.querySelector('label');
    this.uploadForm = document.getElementById('upload');
    this.room = null;
    this.editing = null; // the message the composer edits, or null when it sends
    this.hasOlder = false;
    this.loadingOlder = false;
    this.unsubscribe = [];
    this.actions = { edit: (m) => this.edit(m), remove: (m) => this.remove(m), react: (m, emoji) => this.react(m, emoji) };
    this.composer.onsubmit = (e) => {
      e.preventDefault();
      this.submit();
    };
    this.composer.onkeydown = (e) => {
      if (e.key === 'Escape' && this.editing) {
        this.stopEditing();
      }
    };
    this.uploadForm.onsubmit = (e) => {
      e.preventDefault();
      this.upload();
    };
    this.older.onclick = () => this.loadOlder();
    this.list.onscroll = () => {
      if (this.list.scrollTop === 0) {
        this.loadOlder();
      }
    };
  }

  async open(sub) {
    this.unsubscribe.forEach((stop) => stop());
    this.room = sub;
    this.stopEditing();
    const { name, remoteDomain } = roomLabel(sub);
    this.title.replaceChildren(nameView(name, remoteDomain));
    this.list.replaceChildren();
    this.composer.hidden = false;
    this.uploadForm.hidden = false;
    const rid = sub.rid;
    const here = () => this.room && this.room.rid === rid;
    this.unsubscribe = [
      this.ddp.stream('stream-room-messages', rid, ([message]) => {
        if (here() && message) {
          this.show(message);
          this.markRead();
        }
      }),
      this.ddp.stream('stream-notify-room', `${rid}/deleteMessage`, ([deleted]) => {
        if (here() && deleted) {
          this.itemOf(deleted._id)?.remove();
        }
      }),
    ];
    await reporting(() => this.showLatest(rid));
    this.markRead();
    this.composer.msg.focus();
  }

  /** Shows what arrived while the live connection was down: the latest page again, merged by id. */
  refresh() {
    if (this.room) {
      reporting(() => this.showLatest(this.room.rid));
    }
  }

  /** Fetches room `rid`'s latest page and shows it, oldest first, unless another room was opened meanwhile. */
  async showLatest(rid) {
    const messages = await this.page({});
    if (this.room && this.room.rid === rid) {
      messages.slice().reverse().forEach((m) => this.show(m));
    }
  }

  /** One page of history, newest first; remembers whether there may be more before it. */
  async page(params) {
    const body = await this.rest.get(`/api/v1/${HISTORY[this.room.t] || 'channels.history'}`,
      { roomId: this.room.rid, count: PAGE, ...params });
    this.hasOlder = body.messages.length === PAGE;
    this.older.hidden = !this.hasOlder;
    return body.messages;
  }

  /** Prepends the page before the oldest message shown, keeping what the reader sees in place. */
  loadOlder() {
    const oldest = this.list.firstElementChild;
    if (!this.hasOlder || this.loadingOlder || !oldest) {
      return;
    }
    this.loadingOlder = true;
    const rid = this.room.rid;
    reporting(async () => {
      // inclusive: messages of the same millisecond as the oldest shown are not skipped; known ids are
      const messages = await this.page({ latest: oldest.dataset.ts, inclusive: 'true' });
      if (this.room.rid !== rid) {
        return;
      }
      const before = this.list.scrollHeight;
      const fresh = messages.filter((m) => !this.itemOf(m._id)).reverse();
      this.list.prepend(...fresh.map((m) => this.item(m)));
      this.list.scrollTop = this.list.scrollHeight - before;
    }).finally(() => { this.loadingOlder = false; });
  }

  markRead() {
    const rid = this.room.rid;
    this.rest.post('/api/v1/subscriptions.read', { rid }).catch(() => {
      // an unread badge left behind is not worth an error line; the next message retries
    });
  }

  submit() {
    const input = this.composer.msg;
    const text = input.value.trim();
    if (!text) {
      return;
    }
    reporting(async () => {
      const rid = this.room.rid;
      const body = this.editing
        ? await this.rest.post('/api/v1/chat.update', { roomId: rid, msgId: this.editing._id, text })
        : await this.rest.post('/api/v1/chat.sendMessage', { message: { _id: newMessageId(), rid, msg: text } });
      this.stopEditing();
      input.value = '';
      this.show(body.message);
    });
  }

  edit(m) {
    this.editing = m;
    this.composerLabel.textContent = 'Edit message (Escape cancels)';
    this.composerLabel.classList.remove('visually-hidden');
    this.composer.querySelector('button').textContent = 'Save';
    this.composer.msg.value = m.msg || '';
    this.composer.msg.focus();
  }

  stopEditing() {
    this.editing = null;
    this.composerLabel.textContent = 'Message';
    this.composerLabel.classList.add('visually-hidden');
    this.composer.querySelector('button').textContent = 'Send';
  }

  remove(m) {
    reporting(async () => {
      await this.rest.post('/api/v1/chat.delete', { roomId: m.rid, msgId: m._id });
      this.itemOf(m._id)?.remove();
    });
  }

  react(m, emoji) {
    // the message comes back whole on stream-room-messages with its new reactions
    reporting(() => this.rest.post('/api/v1/chat.react', { messageId: m._id, emoji }));
  }

  upload() {
    const input = this.uploadForm.file;
    if (!input.files.length) {
      return;
    }
    const form = new FormData();
    form.append('file', input.files[0]);
    reporting(async () => {
      const body = await this.rest.upload(`/api/v1/rooms.upload/${this.room.rid}`, form);
      this.uploadForm.reset();
      this.show(body.message);
    });
  }

  itemOf(id) {
    return this.list.querySelector(`li[data-id="${CSS.escape(id)}"]`);
  }

  item(m) {
    const item = messageItem(m, this.rest, this.actions);
    item.dataset.ts = toDate(m.ts).toISOString();
    return item;
  }

  /** Adds `message`, or replaces the shown one with the same id (an edit, a reaction, the echo of our own send). */
  show(message) {
    const item = this.item(message);
    const existing = this.itemOf(message._id);
    if (existing) {
      existing.replaceWith(item);
    } else {
      this.list.append(item);
      this.list.scrollTop = this.list.scrollHeight;
    }
  }
}
