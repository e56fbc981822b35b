package dev.ferry.client.connection;

import dev.ferry.client.failure.FerryException;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.Message;
import java.io.IOException;

/** A request in flight, waiting for the frames that carry its id. Runs on the reader thread. */
public interface Call {

    /**
     * Takes one frame for this request.
     *
     * @return true if it was the request's last frame
     * @throws IOException a {@link dev.ferry.protocol.ProtocolException} if the frame makes no sense
     *     here; the connection ends
     */
    boolean onFrame(Message message, FrameReader reader) throws IOException;

    /** The request cannot complete: the connection ended or the request could not be sent. */
    void fail(FerryException failure);
}
