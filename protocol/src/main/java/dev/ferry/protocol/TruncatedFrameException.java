package dev.ferry.protocol;

/**
 * The connection ended in the middle of a frame. Still a protocol exception (the frame is broken),
 * but one that usually means the peer went away rather than that it misbehaved: a killed process,
 * a dropped network.
 */
public final class TruncatedFrameException extends ProtocolException {
    public TruncatedFrameException(String message) {
        super(message);
    }
}
