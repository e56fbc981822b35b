package dev.ferry.client.connection;

import dev.ferry.client.failure.FerryException;
import dev.ferry.protocol.Message;
import java.io.IOException;

/**
 * What a call needs of the connection: an id, a way to send its request and have the frames that
 * answer it delivered ({@link Call}), and a way to send frames of its own under that id (WINDOW,
 * CANCEL, an upload's data). Any thread may use it; frames never interleave on the socket.
 */
public interface Requests {

    /** True until the connection ends. */
    boolean isOpen();

    /** A fresh request id, never {@link dev.ferry.protocol.Wire#NO_ID}. */
    int nextId();

    /**
     * Registers {@code call} for the frames carrying {@code id}, then sends {@code request}.
     *
     * @throws FerryException {@link FerryException.Kind#LOST} if the connection is gone,
     *     {@link FerryException.Kind#LOCAL} if a field is beyond what the protocol carries
     */
    void request(int id, Message request, Call call) throws FerryException;

    /** Sends one more frame for a request; a failure means the connection is broken. */
    void send(int id, Message message) throws IOException;

    /** Sends the buffer's remaining bytes as one PUT_DATA frame for the upload {@code id}. */
    void sendData(int id, java.nio.ByteBuffer data) throws IOException;

    /** Sends a frame that expects no reply of its own, such as CANCEL; a failure is the reader's to report. */
    void sendQuietly(int id, Message message);
}
