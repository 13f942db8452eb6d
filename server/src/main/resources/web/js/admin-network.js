// "Add your server to the network": the DNS records this server needs, each looked up now
// (`GET federation.dnsRecords.check`) and marked ✓ or ✗ with what DNS said, and "Test setup"
// (`POST federation.testSetup`), the doctor's checklist with a fix for each failure.

import { el, reporting } from './dom.js';

export class NetworkSetup {
  constructor(rest) {
    this.rest = rest;
    this.records = document.getElementById('dns-records');
    this.checks = document.getElementById('setup-checks');
    this.note = document.getElementById('dns-note');
    document.getElementById('dns-check').onclick = () => reporting(() => this.check());
    document.getElementById('test-setup').onclick = () => reporting(() => this.testSetup());
  }

  async check() {
    const body = await this.rest.get('/api/v1/federation.dnsRecords.check');
    // a server that asks no DNS (the demo) says why once, above records it did not look up
    const notAsked = body.records.filter((r) => r.state === 'not_asked');
    this.note.textContent = notAsked.length ? `${capitalized(notAsked[0].detail)}. These are the records a server on a real domain publishes.` : '';
    this.note.hidden = !notAsked.length;
    this.records.replaceChildren(...body.records.map(recordItem));
  }

  async testSetup() {
    this.checks.replaceChildren(el('li', {}, 'Testing…'));
    const body = await this.rest.post('/api/v1/federation.testSetup', {});
    this.checks.replaceChildren(
      el('li', { class: body.passed ? 'ok' : 'bad' }, body.passed ? 'Peers can find this server.' : 'Peers cannot find this server yet:'),
      ...body.checks.map(checkItem));
  }
}

/** ok ✓, bad ✗, warn ! (works, but worth a look), neutral – (nothing was looked up or checked). */
const MARKS = { ok: '✓', bad: '✗', warn: '!', neutral: '–' };

function mark(kind, label) {
  return el('span', { class: `mark ${kind}`, role: 'img', 'aria-label': label }, MARKS[kind]);
}

function capitalized(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function recordItem(r) {
  const notAsked = r.state === 'not_asked';
  const state = r.checked ? 'published' : notAsked ? 'not looked up' : r.legacy ? `${r.state}, optional` : r.state;
  return el('li', { class: 'record', 'data-name': r.name, 'data-checked': String(r.checked), 'data-state': r.state },
    mark(notAsked ? 'neutral' : r.checked ? 'ok' : 'bad', state),
    el('span', { class: 'record-name' }, `${r.name} `, el('span', { class: 'type' }, r.type), r.legacy ? ' (legacy, optional)' : null),
    el('code', {}, r.zoneLine),
    notAsked ? null : el('span', { class: 'detail' }, r.detail));
}

const OUTCOME_WORDS = { pass: 'passed', warn: 'warning', skip: 'not checked', fail: 'failed' };
const OUTCOME_MARKS = { pass: 'ok', warn: 'warn', skip: 'neutral', fail: 'bad' };

function checkItem(c) {
  return el('li', { class: 'check', 'data-outcome': c.outcome },
    mark(OUTCOME_MARKS[c.outcome] || 'ok', OUTCOME_WORDS[c.outcome] || c.outcome),
    el('strong', {}, c.title),
    c.detail ? el('span', { class: 'detail' }, c.detail) : null,
    c.fix ? el('span', { class: 'fix' }, `Fix: ${c.fix}`) : null);
}
