package dev.ferry.daemon.session;

/**
 * The client whose control requests a {@link RequestHandler} answers, as the handler needs it: its
 * name, how much more the log may say about its requests, and its wish to hear of changes to the
 * file list. The session implements it; the handler sees nothing else of the session.
 */
interface Requester {
    /** The name the client was given when it was admitted. */
    String name();

    /** True if a log line of {@code kind} about one request may be written now (see {@link RequestLog#admit}). */
    boolean admitLog(String kind);

    /** The client sent WATCH: it gets FILES_CHANGED events from now until it leaves. */
    void watchFiles();
}
