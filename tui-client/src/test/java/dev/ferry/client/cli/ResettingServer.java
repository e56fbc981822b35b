package dev.ferry.client.cli;

import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.FrameReader.Peer;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/**
 * A server that welcomes a client, reads its first request and then resets the connection (a
 * close with no lingering sends RST), as a crashed host or a middlebox would. Loopback, ephemeral
 * port, one connection at a time.
 */
final class ResettingServer extends ScriptedServer {

    ResettingServer() throws IOException {
        super("resetting-server");
        start();
    }

    @Override
    void serve(SocketChannel client) throws IOException {
        FrameReader reader = new FrameReader(client, Peer.CLIENT, 4096);
        reader.read(); // HELLO
        write(client, MessageCodec.encode(Wire.NO_ID, new Message.Welcome(Wire.PROTOCOL_VERSION, "Client01", "reset/1", 3)));
        reader.read(); // the first request, never answered
        client.setOption(StandardSocketOptions.SO_LINGER, 0);
    }
}
