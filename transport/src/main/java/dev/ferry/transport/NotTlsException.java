package dev.ferry.transport;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLException;

/**
 * The peer's first bytes are not TLS: a client speaking plain text to a TLS port, or a server
 * answering a TLS client in plain text. Carries the bytes received, so the caller can read a plain
 * Ferry frame from them (a refusal, perhaps) or answer in plain text.
 */
public final class NotTlsException extends SSLException {
    private final transient ByteBuffer received;

    NotTlsException(ByteBuffer received) {
        super("the peer does not speak TLS");
        this.received = received.asReadOnlyBuffer();
    }

    /** The bytes received so far, unread. */
    public ByteBuffer received() {
        return received.duplicate();
    }
}
