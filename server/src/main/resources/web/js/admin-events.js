// The event graph of a federated room (`GET federation.events?roomId=`), for debugging as
// Rocket.Chat's visualizer was: each event a list item indented by its depth in the graph, with
// links to its parents (keyboard-followable anchors) and the leaves marked.

import { el, reporting } from './dom.js';
import { Pager } from './pager.js';

const PAGE = 100;

export class EventGraphView {
  constructor(rest) {
    this.rest = rest;
    this.list = document.getElementById('events');
    this.pager = new Pager(document.getElementById('events-summary'), document.getElementById('events-more'), 'events',
      (offset) => this.show(this.roomId, offset));
    this.rooms = document.getElementById('events-rooms');
    this.form = document.getElementById('events-form');
    this.form.onsubmit = (e) => {
      e.preventDefault();
      reporting(() => this.show(this.form.roomId.value.trim(), 0));
    };
  }

  /** The admin's own rooms as suggestions for the room id field. */
  async loadRooms() {
    const { update } = await this.rest.get('/api/v1/rooms.get');
    this.rooms.replaceChildren(...update.map((r) => el('option', { value: r._id }, r.fname || r.name || r._id)));
  }

  async show(roomId, offset) {
    const body = await this.rest.get('/api/v1/federation.events', { roomId, count: PAGE, offset });
    if (offset === 0) {
      this.roomId = roomId;
      this.depths = new Map(); // event id -> depth, 0 for an event without a parent on the pages shown
      this.list.replaceChildren();
    }
    this.list.append(...body.events.map((e) => this.item(e)));
    this.pager.shownUpTo(offset, body.events.length, body.total);
  }

  item(e) {
    const depth = Math.max(-1, ...e.parentIds.map((p) => this.depths.get(p) ?? -1)) + 1;
    this.depths.set(e.id, depth);
    const parents = e.parentIds.length
      ? e.parentIds.flatMap((p, i) => [i ? ', ' : '', el('a', { href: `#event-${p}` }, short(p))])
      : ['none'];
    return el('li', { id: `event-${e.id}`, class: 'event', style: `margin-left: ${Math.min(depth, 20)}rem`, 'data-leaf': String(e.leaf) },
      el('code', { title: e.id }, short(e.id)), ' ',
      el('strong', {}, e.type), ` from ${e.origin}, ${new Date(e.ts).toLocaleString()}`,
      e.leaf ? el('span', { class: 'leaf' }, 'leaf') : null,
      el('span', { class: 'detail' }, 'parents: ', ...parents));
  }
}

function short(id) {
  return id.length > 12 ? `${id.slice(0, 12)}…` : id;
}
