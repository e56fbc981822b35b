package dev.ferry.daemon.transfer;

import dev.ferry.protocol.Message;

/**
 * Where a session's transfers put what they send: replies, and downloads for the connection's
 * writer to stream chunk by chunk. The writer's one public type implements it; the transfers see
 * nothing else of the writer.
 */
public interface TransferSink {
    /** Queues a reply (FILE_HEADER, FILE_END, an ERROR) for request {@code id}. */
    void send(int id, Message message);

    /** Gives a download to the writer, which sends it as its window allows. False if the connection is finishing or dead. */
    boolean start(Transfer transfer);

    /** Widens a download's window; the writer sends more of it. */
    void grant(Transfer transfer, int increment);

    /**
     * Takes a download away from the writer after {@link Transfer#end()} was claimed for it. A chunk
     * being written is completed first, and whoever is last closes the file.
     */
    void remove(Transfer transfer);
}
