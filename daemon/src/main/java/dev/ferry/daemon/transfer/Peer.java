package dev.ferry.daemon.transfer;

/**
 * The client at the other end of a session's transfers, as the transfers need it: how the log
 * names it, its idle clock, and how much more the log may say about its requests. The session
 * implements it; the transfers see nothing else of the session.
 */
public interface Peer {
    /** The client's name once admitted, else its address: how log lines refer to it. */
    String who();

    /** A transfer just ended: the client has been busy until now, which restarts its idle clock. */
    void touch();

    /**
     * True if a log line of {@code kind} ("sent", "failed", "cancelled"...) about one request may
     * be written now; otherwise it is counted in the summary the session writes later.
     */
    boolean admitLog(String kind);
}
