/** The chat workspace. */
package dev.fedchat.server;
