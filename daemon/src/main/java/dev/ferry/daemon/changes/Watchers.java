package dev.ferry.daemon.changes;

import dev.ferry.protocol.Message;
import java.nio.ByteBuffer;

/** Where the change feed sends its events: the connected clients, as the session registry knows them. */
public interface Watchers {
    /** True if any connected client asked for FILES_CHANGED events. */
    boolean anyWatching();

    /** Sends one encoded FILES_CHANGED frame to every client that asked for them. */
    void toWatchers(ByteBuffer frame);

    /** Sends an event to every connected client but the one named {@code except}. */
    void toAllBut(String except, Message.Event event);
}
