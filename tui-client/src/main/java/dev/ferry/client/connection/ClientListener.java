package dev.ferry.client.connection;

import dev.ferry.protocol.Message;
import java.util.List;

/**
 * Hears what the server pushes. Both methods run on the connection's reader thread: keep them
 * short and hand real work to another thread (a terminal UI posts to its own thread).
 */
public interface ClientListener {

    /** Another client joined, left or said something, or the server sent a notice. */
    default void onEvent(Message.Event event) {}

    /**
     * The listing a {@link dev.ferry.client.FerryClient#watch()} was answered with. Called on the reader thread as
     * the last page arrives, before any event that follows it on the wire, so a list replaced by
     * this and patched by the {@link Message.FilesChanged} events after it is always right.
     */
    default void onFiles(List<Message.FileEntry> files) {}

    /**
     * The connection ended: the server said goodbye or closed, the network dropped, or
     * {@link dev.ferry.client.FerryClient#close()} was called. Called once.
     *
     * @param reason one line for people
     * @param requested true if this client asked for it (exit or close)
     */
    default void onClosed(String reason, boolean requested) {}

    /** A listener that ignores everything. */
    ClientListener NONE = new ClientListener() {};
}
