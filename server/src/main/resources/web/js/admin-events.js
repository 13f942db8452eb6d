// The event graph of a federated room (`GET federation.events?roomId=`), for debugging as
// Rocket.Chat's visualizer was: a drawing of the events under their parents (admin-graph.js), and
// the same events as a list with links to their parents, for screen readers and for copying ids.
// Each "Load more events" adds a page to both; the drawing is laid out again with all pages.

import { el, reporting } from './dom.js';
import { EventGraphDrawing, shortId } from './admin-graph.js';
import { Pager } from './pager.js';

const PAGE = 100;

export class EventGraphView {
  constructor(rest) {
    this.rest = rest;
    this.list = document.getElementById('events');
    this.details = document.getElementById('events-picked');
    this.drawing = new EventGraphDrawing(document.getElementById('events-graph'), document.getElementById('events-legend'),
      (id) => this.pick(id));
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
    // only the latest request counts: a page that answers after another room was asked for is dropped
    const request = (this.request = (this.request ?? 0) + 1);
    const body = await this.rest.get('/api/v1/federation.events', { roomId, count: PAGE, offset });
    if (request !== this.request) {
      return;
    }
    if (offset === 0) {
      this.roomId = roomId;
      this.events = new Map(); // id -> event, in the API's order
      this.list.replaceChildren();
      this.pickedId = null;
      this.details.hidden = true;
    }
    // an event that came in between two pages can shift the next page onto one already shown
    const fresh = body.events.filter((e) => !this.events.has(e.id));
    fresh.forEach((e) => this.events.set(e.id, e));
    this.list.append(...fresh.map((e) => el('li', { id: `event-${e.id}`, class: 'event', 'data-leaf': String(e.leaf) },
      ...describe(e, shortId(e.id), (p) => el('a', { href: `#event-${p}` }, shortId(p))))));
    this.drawing.draw([...this.events.values()], this.pickedId);
    this.pager.shownUpTo(offset, body.events.length, body.total);
  }

  /** Highlights the event `id` in the drawing and shows its details under it: the full id to copy, parents that pick theirs. */
  pick(id) {
    const e = this.events.get(id);
    this.pickedId = id;
    this.drawing.pick(id);
    this.details.replaceChildren(...describe(e, e.id, (p) => {
      if (!this.events.has(p)) {
        return el('code', { title: `${p} (not on the loaded pages)` }, shortId(p));
      }
      const parent = el('button', { type: 'button', class: 'link', title: p }, shortId(p));
      parent.onclick = () => this.pick(p);
      return parent;
    }));
    this.details.hidden = false;
  }
}

/**
 * An event in words: its id (as `idText`), type, origin, time, whether it is a leaf, and its
 * parents as `parentRef(id)` makes them.
 */
function describe(e, idText, parentRef) {
  const parents = e.parentIds.length ? e.parentIds.flatMap((p, i) => [i ? ', ' : '', parentRef(p)]) : ['none'];
  return [
    el('code', { title: e.id }, idText), ' ',
    el('strong', {}, e.type), ` from ${e.origin}, ${new Date(e.ts).toLocaleString()}`,
    ...(e.leaf ? [el('span', { class: 'leaf' }, 'leaf')] : []),
    el('span', { class: 'detail' }, 'parents: ', ...parents)];
}
