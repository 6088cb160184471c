package dev.mamori.core.admin.server;

import dev.mamori.core.admin.AdminError;

import java.util.List;

/** The subscription side of one connection, for the {@code subscribe} and {@code unsubscribe} commands. */
public interface Subscriber {
    /** Adds topics; returns every topic now subscribed. */
    List<String> subscribe(List<String> topics) throws AdminError;

    /** Removes topics (all when empty); returns what is left. */
    List<String> unsubscribe(List<String> topics);
}
