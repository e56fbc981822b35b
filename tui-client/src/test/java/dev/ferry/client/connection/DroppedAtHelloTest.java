package dev.ferry.client.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.client.FerryClient;
import dev.ferry.client.failure.FerryException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server that drops the connection before the handshake ends (as ferryd does with a client that
 * sends no HELLO within 5 s) is said in Ferry's words, never the socket's "Connection reset" or
 * "Broken pipe".
 */
@Timeout(30)
class DroppedAtHelloTest {
    @Test
    void aServerThatResetsTheConnectionBeforeWelcomeIsSaidInFerrysWords() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> reset = CompletableFuture.runAsync(() -> {
                try (Socket accepted = server.accept()) {
                    accepted.setSoLinger(true, 0); // close with a reset, as a dropped connection arrives
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            ClientOptions options = ClientOptions.defaults().withAddress("127.0.0.1", server.getLocalPort()).withTls(false);
            assertThatThrownBy(() -> FerryClient.connect(options, ClientListener.NONE).close())
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.getMessage())
                            .startsWith("cannot connect to 127.0.0.1:" + server.getLocalPort() + ": ")
                            .doesNotContain("Connection reset", "Broken pipe", "Exception"));
            reset.get(10, TimeUnit.SECONDS);
        }
    }
}
