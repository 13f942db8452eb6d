// How users and rooms of other servers look: the qualified name (`bob@beta.test`) and a
// "federated" mark, read from the API's `federation` fields (client-api.md §5.4).

import { el } from './dom.js';

/** The origin domain of a user or room object, or null when it is local. */
export function originOf(thing) {
  if (thing && thing.federation && thing.federation.origin) {
    return thing.federation.origin;
  }
  return null;
}

/** A name element: `name` as is, marked as federated when `remoteDomain` is given. */
export function nameView(name, remoteDomain, tag = 'span') {
  if (!remoteDomain) {
    return el(tag, {}, name);
  }
  return el(tag, { class: 'remote', title: `from ${remoteDomain}` }, name,
    el('span', { class: 'fed-mark', 'aria-label': `federated, from ${remoteDomain}` }, 'federated'));
}

/** The domain part of a qualified username (`bob@beta.test`), or null for a local username. */
export function domainOfUsername(username) {
  const at = username ? username.lastIndexOf('@') : -1;
  return at > 0 ? username.slice(at + 1) : null;
}
