// Finding people and channels: the directory with workspace=all, which for a qualified name
// (`bob@beta.test`) also asks that user's server (client-api.md §5.2); a person opens a DM through
// im.create, which imports a remote user on the way (§5.3); a channel is joined (channels.join).

import { el, reporting } from './dom.js';
import { nameView, originOf } from './names.js';

export class UserSearch {
  constructor(rest, onOpenRoom) {
    this.rest = rest;
    this.onOpenRoom = onOpenRoom;
    this.form = document.getElementById('search-form');
    this.results = document.getElementById('search-results');
    this.form.onsubmit = (e) => {
      e.preventDefault();
      this.search(this.form.text.value.trim());
    };
  }

  search(text) {
    if (!text) {
      return;
    }
    reporting(async () => {
      this.results.replaceChildren(el('li', {}, 'Searching…'));
      try {
        const [people, channels] = await Promise.all([
          this.rest.get('/api/v1/directory', { type: 'users', workspace: 'all', text, count: 20 }),
          this.rest.get('/api/v1/directory', { type: 'channels', text, count: 20 }),
        ]);
        const items = [
          ...people.result.filter((u) => u._id !== this.rest.session.userId).map((u) => this.item(u)),
          ...channels.result.map((c) => this.channelItem(c)),
        ];
        this.results.replaceChildren(...(items.length ? items : [el('li', {}, `Nothing found for “${text}”`)]));
      } catch (e) {
        this.results.replaceChildren();
        throw e;
      }
    });
  }

  /** A result was picked: clear the search and open its room. */
  done(rid) {
    this.results.replaceChildren();
    this.form.reset();
    return this.onOpenRoom(rid);
  }

  channelItem(channel) {
    const button = el('button', { type: 'button', class: 'link' }, `Open #${channel.name}`);
    button.onclick = () => reporting(async () => {
      await this.rest.post('/api/v1/channels.join', { roomId: channel._id }); // a member already stays one
      await this.done(channel._id);
    });
    return el('li', {}, el('strong', {}, `#${channel.name}`), button);
  }

  item(user) {
    const button = el('button', { type: 'button', class: 'link' }, `Message ${user.username}`);
    button.onclick = () => reporting(async () => {
      const body = await this.rest.post('/api/v1/im.create', { username: user.username });
      await this.done(body.room._id);
    });
    return el('li', {}, nameView(user.username, originOf(user), 'strong'),
      user.name && user.name !== user.username ? el('span', {}, user.name) : null, button);
  }
}
