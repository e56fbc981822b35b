package dev.ferry.protocol;

/**
 * One frame as read off a connection: its request id, its type code and the decoded message.
 * {@code message} is null when the type code is one this reader does not accept (unknown to this
 * build, or meant for the other direction); the payload was skipped and the session may answer with
 * an error.
 */
public record Frame(int id, int code, Message message) {

    /** True when the frame carried a message this side understands. */
    public boolean known() {
        return message != null;
    }
}
