// The federation dashboard (`GET federation.deliveries`): one row per peer with its health,
// queue and counts, "Retry now" (`POST federation.deliveries.retry`), and for a peer that refused
// events, the list of them (`GET federation.deliveries.rejected`) and "Send refused events again"
// (`POST federation.deliveries.resend`).

import { el, reporting } from './dom.js';

export class PeerDashboard {
  constructor(rest) {
    this.rest = rest;
    this.body = document.querySelector('#peers tbody');
    this.empty = document.getElementById('peers-empty');
    this.rejected = document.getElementById('rejected');
    this.said = document.getElementById('peers-said');
  }

  async load() {
    const { peers } = await this.rest.get('/api/v1/federation.deliveries');
    this.empty.hidden = peers.length > 0;
    // a focused button survives the refresh: re-focus its twin in the new rows
    const focused = this.body.contains(document.activeElement) ? document.activeElement.getAttribute('aria-label') : null;
    this.body.replaceChildren(...peers.map((p) => this.row(p)));
    if (focused) {
      this.body.querySelector(`button[aria-label="${CSS.escape(focused)}"]`)?.focus();
    }
  }

  row(p) {
    const actions = el('td', { class: 'actions' },
      button('Retry now', `Retry ${p.domain} now`, () => this.retry(p.domain)));
    if (p.eventsRejected > 0) {
      actions.append(
        button('Show refused events', `Show the events ${p.domain} refused`, () => this.showRejected(p.domain)),
        button('Send refused events again', `Send the events ${p.domain} refused again`, () => this.resend(p.domain)));
    }
    return el('tr', { 'data-domain': p.domain, 'data-health': p.health },
      el('th', { scope: 'row' }, p.domain),
      el('td', {}, el('span', { class: `health ${p.health}` }, p.health)),
      el('td', {}, String(p.pending)),
      el('td', {}, when(p.lastSuccessAt, 'never')),
      el('td', {}, p.lastError ? `${p.lastError} (${when(p.lastErrorAt)})` : '—'),
      el('td', {}, when(p.nextAttemptAt)),
      el('td', {}, String(p.eventsIn)),
      el('td', {}, String(p.eventsOut)),
      el('td', {}, String(p.eventsRejected)),
      actions);
  }

  async retry(domain) {
    this.said.textContent = '';
    await this.rest.post('/api/v1/federation.deliveries.retry', { domain });
    this.said.textContent = `Sending what waits for ${domain} now.`;
    await this.load();
  }

  async showRejected(domain) {
    const { events } = await this.rest.get('/api/v1/federation.deliveries.rejected', { domain });
    const items = events.map((e) => el('li', {}, el('code', {}, e.eventId), ` ${when(e.rejectedAt)}: ${e.reason}`));
    this.rejected.replaceChildren(
      el('li', {}, el('strong', {}, `Events ${domain} refused`)),
      // the Refused column counts every refusal ever; once they were sent again, none is left to list
      ...(items.length ? items : [el('li', {}, 'None waits: what it refused was sent again.')]));
  }

  async resend(domain) {
    const { requeued } = await this.rest.post('/api/v1/federation.deliveries.resend', { domain });
    this.rejected.replaceChildren(el('li', {}, requeued
      ? `${requeued} refused ${requeued === 1 ? 'event' : 'events'} sent to ${domain} again.`
      : `Nothing to send to ${domain} again: no refused event waits.`));
    await this.load();
  }
}

function button(text, label, action) {
  const node = el('button', { type: 'button', 'aria-label': label }, text);
  node.onclick = () => reporting(action);
  return node;
}

/** An ISO-8601 date as the reader's local date and time, or `none`. */
function when(iso, none = '—') {
  return iso ? new Date(iso).toLocaleString() : none;
}
