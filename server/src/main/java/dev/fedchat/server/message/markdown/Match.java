package dev.fedchat.server.message.markdown;

/** A rule that matched: where its text ends and the node (or list of nodes) it stands for. */
record Match(int end, Object value) {}
