/**
 * The federation wire format, usable on its own: keys, the double-encryption codec, EJSON, event
 * envelopes and ids, peer discovery. Filled by the federation issues.
 */
package dev.fedchat.protocol;
