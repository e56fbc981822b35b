package dev.ferry.client.access;

import java.io.IOException;

/** Where {@code ferry join} records the fingerprint an invitation vouches for, so the server is trusted from then on. */
public interface Pins {
    /**
     * Pins {@code fingerprint} for {@code host:port}.
     *
     * @throws IOException if it cannot be recorded, or a different fingerprint is pinned for that
     *                     address already (the message names the file and line to remove)
     */
    void pin(String host, int port, String fingerprint) throws IOException;
}
