/**
 * The Hub: a peer directory where servers register {domain, url, public_key} and confirm by mail.
 * Empty until the hub issue; the module exists so the dependency direction is fixed from the start.
 */
package dev.fedchat.hub;
