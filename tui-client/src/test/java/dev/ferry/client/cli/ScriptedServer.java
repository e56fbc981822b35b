package dev.ferry.client.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A stand-in for ferryd that follows a script instead of the rules: loopback, an ephemeral port,
 * one connection at a time, each handed to {@link #serve} and closed when it returns.
 */
public abstract class ScriptedServer implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Thread acceptor;

    ScriptedServer(String name) throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        acceptor = new Thread(this::accept, name);
    }

    /** Starts accepting; called by a subclass once its own fields are set. */
    final void start() {
        acceptor.start();
    }

    public final int port() {
        return ((InetSocketAddress) server.socket().getLocalSocketAddress()).getPort();
    }

    /** Plays the script on one connection. */
    abstract void serve(SocketChannel client) throws IOException;

    private void accept() {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                serve(client);
            } catch (IOException e) {
                if (!server.isOpen()) {
                    return;
                }
            }
        }
    }

    static void write(SocketChannel client, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            client.write(bytes);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        acceptor.join(5000);
    }
}
