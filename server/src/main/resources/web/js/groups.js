// Private groups: creating one (groups.create) and inviting people to the open room
// (groups.invite / channels.invite), where `bob@beta.test` brings in a user of another server
// (client-api.md §2.3, §5.3).

import { reporting } from './dom.js';

const INVITE = { p: 'groups.invite', c: 'channels.invite' };

/** "a, b@x.test ,, c" -> ["a", "b@x.test", "c"] */
function names(text) {
  return text.split(',').map((n) => n.trim()).filter((n) => n);
}

export class GroupForms {
  constructor(rest, me, onOpenRoom) {
    this.rest = rest;
    this.admin = (me.roles || []).includes('admin');
    this.room = null;
    const create = document.getElementById('group-form');
    create.onsubmit = (e) => {
      e.preventDefault();
      reporting(async () => {
        const group = (await rest.post('/api/v1/groups.create', { name: create.name.value.trim() })).group;
        const members = names(create.members.value);
        create.reset();
        create.closest('details').open = false;
        await onOpenRoom(group._id);
        if (members.length) {
          await rest.post('/api/v1/groups.invite', { roomId: group._id, usernames: members });
        }
      });
    };
    this.invite = document.getElementById('invite');
    this.invite.onsubmit = (e) => {
      e.preventDefault();
      reporting(async () => {
        await rest.post(`/api/v1/${INVITE[this.room.t]}`, { roomId: this.room.rid, usernames: names(this.invite.names.value) });
        this.invite.reset();
      });
    };
  }

  /**
   * Offers the invite form in channels and private groups to those the server lets invite: the
   * room's owners and admins. A DM has its two members for good.
   */
  opened(sub) {
    this.room = sub;
    this.invite.hidden = !INVITE[sub.t] || !(this.admin || (sub.roles || []).includes('owner'));
  }
}
