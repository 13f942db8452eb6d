// The open room: history over REST, new and edited messages live over `stream-room-messages`,
// the composer (chat.sendMessage) and uploads (rooms.upload/:rid) (client-api.md §2.4–2.6, §3.1).

import { toDate } from './ddp.js';
import { el, reporting } from './dom.js';
import { domainOfUsername, nameView } from './names.js';
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
    this.composer = document.getElementById('composer');
    this.uploadForm = document.getElementById('upload');
    this.room = null;
    this.unsubscribe = () => {};
    this.composer.onsubmit = (e) => {
      e.preventDefault();
      this.send();
    };
    this.uploadForm.onsubmit = (e) => {
      e.preventDefault();
      this.upload();
    };
  }

  async open(sub) {
    this.unsubscribe();
    this.room = sub;
    const { name, remoteDomain } = roomLabel(sub);
    this.title.replaceChildren(nameView(name, remoteDomain));
    this.list.replaceChildren();
    this.composer.hidden = false;
    this.uploadForm.hidden = false;
    const rid = sub.rid;
    this.unsubscribe = this.ddp.stream('stream-room-messages', rid, ([message]) => {
      if (this.room && this.room.rid === rid && message) {
        this.show(message);
        this.markRead();
      }
    });
    await reporting(async () => {
      const body = await this.rest.get(`/api/v1/${HISTORY[sub.t] || 'channels.history'}`, { roomId: rid, count: PAGE });
      if (this.room && this.room.rid === rid) {
        body.messages.slice().reverse().forEach((m) => this.show(m));
      }
    });
    this.markRead();
    this.composer.msg.focus();
  }

  markRead() {
    const rid = this.room.rid;
    this.rest.post('/api/v1/subscriptions.read', { rid }).catch(() => {
      // an unread badge left behind is not worth an error line; the next message retries
    });
  }

  send() {
    const input = this.composer.msg;
    const text = input.value.trim();
    if (!text) {
      return;
    }
    reporting(async () => {
      const body = await this.rest.post('/api/v1/chat.sendMessage', { message: { _id: newMessageId(), rid: this.room.rid, msg: text } });
      input.value = '';
      this.show(body.message);
    });
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

  /** Adds `message`, or replaces the shown one with the same id (an edit, or the echo of our own send). */
  show(message) {
    const item = this.item(message);
    const existing = this.list.querySelector(`li[data-id="${CSS.escape(message._id)}"]`);
    if (existing) {
      existing.replaceWith(item);
    } else {
      this.list.append(item);
      this.list.scrollTop = this.list.scrollHeight;
    }
  }

  item(m) {
    const username = m.u ? m.u.username : '?';
    const when = toDate(m.ts);
    const item = el('li', { 'data-id': m._id },
      nameView(username, domainOfUsername(username), 'span'),
      el('time', { datetime: when.toISOString() }, when.toLocaleTimeString()));
    item.firstChild.classList.add('author');
    if (m.msg) {
      item.append(el('p', {}, m.msg));
    }
    for (const attachment of m.attachments || []) {
      item.append(this.attachment(attachment));
    }
    return item;
  }

  /** An image preview, or a download link; both fetched with the session's headers (files are protected). */
  attachment(a) {
    if (a.image_url) {
      const img = el('img', { alt: a.title || 'image', 'data-src': a.image_url });
      this.rest.blobUrl(a.image_url).then((url) => { img.src = url; }, (e) => { img.alt = `${a.title}: ${e.message}`; });
      return img;
    }
    const link = el('a', { href: a.title_link || '#' }, a.title || 'file');
    link.onclick = (e) => {
      e.preventDefault();
      reporting(async () => {
        const url = await this.rest.blobUrl(a.title_link);
        el('a', { href: url, download: a.title || 'file' }).click();
      });
    };
    return el('p', {}, 'File: ', link);
  }
}
