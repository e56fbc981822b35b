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

/**
 * A server that serves every file it is asked for with the given content and a digest that does
 * not match it. Loopback, ephemeral port, one connection at a time.
 */
final class LyingServer extends ScriptedServer {
    private final byte[] content;
    private final byte[] digest;

    LyingServer(byte[] content, byte[] digest) throws IOException {
        super("lying-server");
        this.content = content;
        this.digest = digest;
        start();
    }

    @Override
    void serve(SocketChannel client) throws IOException {
        FrameReader reader = new FrameReader(client, Peer.CLIENT, 4096);
        reader.read(); // HELLO
        write(client, MessageCodec.encode(Wire.NO_ID, new Message.Welcome(Wire.PROTOCOL_VERSION, "Client01", "liar/1", 3)));
        for (Frame frame = reader.read(); frame != null; frame = reader.read()) {
            if (frame.message() instanceof Message.Get get) {
                int from = (int) get.offset();
                write(client, MessageCodec.encode(frame.id(), new Message.FileHeader(content.length, from, Instant.EPOCH)));
                ByteBuffer header = ByteBuffer.allocate(Wire.HEADER_SIZE);
                MessageCodec.putDataHeader(frame.id(), content.length - from, header);
                write(client, header.flip());
                write(client, ByteBuffer.wrap(content, from, content.length - from));
                write(client, MessageCodec.encode(frame.id(), new Message.FileEnd(digest)));
            } else if (frame.message() instanceof Message.Exit) {
                write(client, MessageCodec.encode(frame.id(), new Message.Bye("bye")));
                return;
            }
        }
    }
}
