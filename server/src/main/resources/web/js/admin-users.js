// The console's user list (`GET users.list`, admins): every user, this server's and other
// servers' (marked as the chat marks them), a page at a time.

import { el, reporting } from './dom.js';

const PAGE = 50;

export class UserList {
  constructor(rest) {
    this.rest = rest;
    this.body = document.querySelector('#users tbody');
    this.summary = document.getElementById('users-summary');
    this.more = document.getElementById('users-more');
    this.more.onclick = () => reporting(() => this.load(this.shown));
  }

  async load(offset = 0) {
    const body = await this.rest.get('/api/v1/users.list', { count: PAGE, offset });
    const rows = body.users.map(row);
    if (offset === 0) {
      this.body.replaceChildren(...rows);
    } else {
      this.body.append(...rows);
    }
    this.shown = offset + body.users.length;
    this.summary.textContent = `${this.shown} of ${body.total} users`;
    this.more.hidden = this.shown >= body.total;
  }
}

function row(u) {
  const origin = u.federation ? u.federation.origin : null;
  return el('tr', { 'data-username': u.username },
    el('th', { scope: 'row' }, u.username, origin ? el('span', { class: 'fed-mark' }, 'federated') : null),
    el('td', {}, u.name),
    el('td', {}, origin || 'this server'),
    el('td', {}, (u.roles || []).join(', ')),
    el('td', {}, u.active ? 'active' : 'deactivated'));
}
