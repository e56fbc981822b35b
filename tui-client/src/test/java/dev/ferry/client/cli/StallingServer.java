package dev.ferry.client.cli;

import dev.ferry.protocol.Frame;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.FrameReader.Peer;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * A server that answers a GET with the header of a {@code size}-byte file and its first
 * {@code sent} bytes (zeros), then sends nothing more; {@link #granted()} opens when the client
 * asks for more, which it does once those bytes are on disk and hashed. Loopback, ephemeral port,
 * one connection at a time.
 */
public final class StallingServer extends ScriptedServer {
    private final CountDownLatch granted = new CountDownLatch(1);
    private final long size;
    private final int sent;

    public StallingServer(long size, int sent) throws IOException {
        super("stalling-server");
        this.size = size;
        this.sent = sent;
        start();
    }

    /** Opens when the client has granted the server more window. */
    public CountDownLatch granted() {
        return granted;
    }

    @Override
    void serve(SocketChannel client) throws IOException {
        FrameReader reader = new FrameReader(client, Peer.CLIENT, 4096);
        reader.read(); // HELLO
        write(client, MessageCodec.encode(Wire.NO_ID, new Message.Welcome(Wire.PROTOCOL_VERSION, "Client01", "stall/1", 3)));
        for (Frame frame = reader.read(); frame != null; frame = reader.read()) {
            if (frame.message() instanceof Message.Get) {
                write(client, MessageCodec.encode(frame.id(), new Message.FileHeader(size, 0, Instant.EPOCH)));
                ByteBuffer header = ByteBuffer.allocate(Wire.HEADER_SIZE);
                MessageCodec.putDataHeader(frame.id(), sent, header);
                write(client, header.flip());
                write(client, ByteBuffer.allocate(sent));
            } else if (frame.message() instanceof Message.Window) {
                granted.countDown();
            }
        }
    }
}
