// The console's user list (`GET users.list`, admins): every user, this server's and other
// servers' (marked as the chat marks them), a page at a time.

import { el } from './dom.js';
import { Pager } from './pager.js';

const PAGE = 50;

export class UserList {
  constructor(rest) {
    this.rest = rest;
    this.body = document.querySelector('#users tbody');
    this.pager = new Pager(document.getElementById('users-summary'), document.getElementById('users-more'), 'users',
      (offset) => this.load(offset));
  }

  async load(offset = 0) {
    const body = await this.rest.get('/api/v1/users.list', { count: PAGE, offset });
    const rows = body.users.map(row);
    if (offset === 0) {
      this.body.replaceChildren(...rows);
    } else {
      this.body.append(...rows);
    }
    this.pager.shownUpTo(offset, body.users.length, body.total);
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
