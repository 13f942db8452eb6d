package dev.fedchat.server.message;

import java.util.List;

/** One page of a list of messages, and how many the whole list holds. */
public record MessagePage(List<Message> messages, long total) {}
