package dev.ferry.daemon.session;

import dev.ferry.daemon.access.Access;

/**
 * The session as its reader ({@link Inbound}) needs it: who the client is, whether something has
 * ended the session, and the two steps of the handshake that change it (a key checked, a slot
 * taken). The session implements it; the reader sees nothing else of the session.
 */
interface ReaderSide {
    /** The name if admitted, else the address: how log lines refer to the client. */
    String who();

    /** The client's {@code host:port}. */
    String address();

    /** The client's IP address alone: what failed keys are counted against. */
    String host();

    /** What ended the session, or null while nothing has. */
    Ending endedBy();

    /** True until the session takes a slot, or ends without one. */
    boolean inHandshake();

    /** The client's key is checked: from now on it may do what the key allows. */
    void granted(Access access);

    /** Takes a slot for the client and welcomes it; false if the server is full. */
    boolean admit();

    /** True if a log line of {@code kind} about one request may be written now (see {@link RequestLog#admit}). */
    boolean admitLog(String kind);
}
