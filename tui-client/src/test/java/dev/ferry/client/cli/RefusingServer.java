package dev.ferry.client.cli;

import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.FrameReader.Peer;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A server that answers every HELLO with REFUSED and the reason it was given, unchecked (control
 * characters included), then hangs up. Loopback, ephemeral port, one connection at a time.
 */
final class RefusingServer implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final ErrorCode code;
    private final String reason;

    RefusingServer(ErrorCode code, String reason) throws IOException {
        this.code = code;
        this.reason = reason;
        server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        acceptor = new Thread(this::accept, "refusing-server");
        acceptor.start();
    }

    int port() {
        return ((InetSocketAddress) server.socket().getLocalSocketAddress()).getPort();
    }

    private void accept() {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                Frame hello = new FrameReader(client, Peer.CLIENT, 4096).read();
                if (hello != null && hello.message() instanceof Message.Hello) {
                    ByteBuffer refused = MessageCodec.encode(Wire.NO_ID, new Message.Refused(code, reason));
                    while (refused.hasRemaining()) {
                        client.write(refused);
                    }
                }
            } catch (IOException e) {
                if (!server.isOpen()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        acceptor.join(5000);
    }
}
