package dev.ferry.client;

import dev.ferry.protocol.Message;

/**
 * Hears what the server pushes. Both methods run on the connection's reader thread: keep them
 * short and hand real work to another thread (a terminal UI posts to its own thread).
 */
public interface ClientListener {

    /** Another client joined, left or said something, or the server sent a notice. */
    default void onEvent(Message.Event event) {}

    /**
     * The connection ended: the server said goodbye or closed, the network dropped, or
     * {@link FerryClient#close()} was called. Called once.
     *
     * @param reason one line for people
     * @param requested true if this client asked for it (exit or close)
     */
    default void onClosed(String reason, boolean requested) {}

    /** A listener that ignores everything. */
    ClientListener NONE = new ClientListener() {};
}
