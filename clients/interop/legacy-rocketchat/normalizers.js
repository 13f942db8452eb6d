'use strict';
// Rocket.Chat 3.x's normalizers/*.js and functions/helpers.js (federation-protocol.md §8.2): what a
// user, room, subscription or message looks like to other servers, and back. `Users` is the
// users "collection", which normalizeUser writes to as Rocket.Chat's did.
module.exports = function normalizers(DOMAIN, Users) {
  const isFullyQualified = (value) => value.indexOf('@') !== -1;
  const getNameAndDomain = (fullyQualifiedName) => fullyQualifiedName.split('@');
  const qualify = (name) => (!isFullyQualified(name) ? `${name}@${DOMAIN}` : name);
  const hasExternalDomain = ({ federation }) => !!federation && federation.domains.filter((d) => d !== federation.origin).length > 0;

  function normalizeUser(originalResource) {
    const resource = {};
    for (const k of ['_id', 'username', 'type', 'emails', 'name', 'federation', 'isRemote', 'createdAt', '_updatedAt']) {
      if (originalResource && k in originalResource) {
        resource[k] = originalResource[k];
      }
    }
    // the real address never leaves (§8.2); Rocket.Chat 3.x still put it in originalInfo.email
    resource.emails = [{ address: `${resource._id}@${DOMAIN}` }];
    const email = resource.emails[0].address;
    resource.active = true;
    resource.roles = ['user'];
    resource.status = 'online';
    resource.username = qualify(resource.username); // throws for an unknown user, as Rocket.Chat did
    resource.federation = resource.federation || { origin: DOMAIN, originalInfo: { email } };
    resource.isRemote = resource.federation.origin !== DOMAIN;
    const stored = Users.get(resource._id);
    if (stored) {
      Object.assign(stored, { isRemote: resource.isRemote, federation: resource.federation }); // "persist the normalization"
    }
    return resource;
  }

  function denormalizeUser(originalResource) {
    const resource = { ...originalResource };
    if (resource.federation && resource.federation.origin === DOMAIN) {
      resource.emails = [{ address: resource.federation.originalInfo.email }];
    }
    const [username, domain] = getNameAndDomain(resource.username);
    resource.username = domain === DOMAIN ? username : resource.username;
    return resource;
  }

  function normalizeRoom(originalResource, users) {
    const resource = { ...originalResource };
    let domains;
    if (resource.t === 'd') {
      resource.usernames = resource.usernames.map(qualify);
      domains = resource.usernames.map((u) => getNameAndDomain(u)[1]);
    } else {
      resource.t = 'p';
      resource.name = qualify(resource.name);
      domains = users.map((u) => u.federation.origin);
      resource.u = { ...resource.u, username: qualify(resource.u.username) };
    }
    resource.federation = resource.federation || { origin: DOMAIN, domains: [...new Set(domains)] };
    return resource;
  }

  function denormalizeRoom(originalResource) {
    const resource = { ...originalResource };
    const local = (u) => {
      const [name, domain] = getNameAndDomain(u);
      return domain === DOMAIN ? name : u;
    };
    if (resource.t === 'd') {
      resource.usernames = resource.usernames.map(local);
    } else {
      resource.name = local(resource.name);
      resource.u = { ...resource.u, username: local(resource.u.username) };
      resource.muted = resource.muted && resource.muted.map(local);
    }
    return resource;
  }

  function normalizeSubscription(originalResource) {
    const resource = { ...originalResource, u: { ...originalResource.u } };
    resource.u.username = qualify(resource.u.username);
    resource.name = qualify(resource.name);
    resource.federation = resource.federation || { origin: DOMAIN };
    return resource;
  }

  function denormalizeSubscription(originalResource) {
    const resource = { ...originalResource, u: { ...originalResource.u } };
    const [username, domain] = getNameAndDomain(resource.u.username);
    resource.u.username = domain === DOMAIN ? username : resource.u.username;
    const [nameUsername, nameDomain] = getNameAndDomain(resource.name);
    resource.name = nameDomain === DOMAIN ? nameUsername : resource.name;
    return resource;
  }

  function normalizeMessage(originalResource) {
    const resource = { ...originalResource, u: { ...originalResource.u } };
    resource.u.username = qualify(resource.u.username);
    resource.federation = resource.federation || { origin: DOMAIN };
    return resource;
  }

  function denormalizeMessage(originalResource) {
    const resource = { ...originalResource, u: { ...originalResource.u } };
    const [username, domain] = getNameAndDomain(resource.u.username);
    resource.u.username = domain === DOMAIN ? username : resource.u.username;
    for (const mention of resource.mentions) { // no mentions array: Rocket.Chat crashed here
      if (['all', 'here', 'rocket.cat'].indexOf(mention.username) !== -1) {
        continue;
      }
      const [name, mentionDomain] = getNameAndDomain(mention.username);
      if (mentionDomain === DOMAIN) {
        resource.msg = resource.msg.split(mention.username).join(name);
        mention.username = name;
      }
    }
    for (const channel of resource.channels) { // the same for channels
      const [name, channelDomain] = getNameAndDomain(channel.name);
      if (channelDomain === DOMAIN) {
        resource.msg = resource.msg.split(channel.name).join(name);
        channel.name = name;
      }
    }
    return resource;
  }

  return {
    isFullyQualified, getNameAndDomain, qualify, hasExternalDomain, normalizeUser, denormalizeUser, normalizeRoom,
    denormalizeRoom, normalizeSubscription, denormalizeSubscription, normalizeMessage, denormalizeMessage,
  };
};
