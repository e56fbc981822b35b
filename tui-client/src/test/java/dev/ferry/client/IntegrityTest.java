package dev.ferry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.protocol.Frame;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.FrameReader.Peer;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that sends the wrong digest: the client must never keep such a file under its name.
 * The fake speaks just enough of the protocol to serve one file, and records every GET.
 */
@Timeout(60)
class IntegrityTest {
    static final byte[] CONTENT = "the real content\n".repeat(1000).getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path downloads;

    ServerSocket server;
    Thread serving;
    final BlockingQueue<Message.Get> gets = new LinkedBlockingQueue<>();
    volatile byte[] digestToSend = DigestUtils.sha256(CONTENT);

    @BeforeEach
    void startLyingServer() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        serving = new Thread(this::serve, "lying-server");
        serving.setDaemon(true);
        serving.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        serving.join(5000);
    }

    private void serve() {
        try (Socket socket = server.accept()) {
            FrameReader reader = new FrameReader(Channels.newChannel(socket.getInputStream()), Peer.CLIENT, 4096);
            OutputStream out = socket.getOutputStream();
            reader.read(); // HELLO
            out.write(bytes(MessageCodec.encode(0, new Message.Welcome(Wire.PROTOCOL_VERSION, "Client01", "liar/1", 4))));
            for (Frame frame = reader.read(); frame != null; frame = reader.read()) {
                if (frame.message() instanceof Message.Get get) {
                    gets.add(get);
                    int from = (int) get.offset();
                    out.write(bytes(MessageCodec.encode(frame.id(), new Message.FileHeader(CONTENT.length, from, Instant.EPOCH))));
                    ByteBuffer header = ByteBuffer.allocate(Wire.HEADER_SIZE);
                    MessageCodec.putDataHeader(frame.id(), CONTENT.length - from, header);
                    out.write(header.array());
                    out.write(CONTENT, from, CONTENT.length - from);
                    out.write(bytes(MessageCodec.encode(frame.id(), new Message.FileEnd(digestToSend))));
                } else if (frame.message() instanceof Message.Exit) {
                    out.write(bytes(MessageCodec.encode(frame.id(), new Message.Bye("bye"))));
                    return;
                }
            }
        } catch (IOException e) {
            // the test closed the server
        }
    }

    FerryClient connect() throws FerryException {
        return FerryClient.connect(ClientOptions.defaults().withAddress("127.0.0.1", server.getLocalPort()).withTls(false), ClientListener.NONE);
    }

    @Test
    void aDigestMismatchFailsTheDownloadAndKeepsNothing() throws Exception {
        digestToSend = DigestUtils.sha256("something else");
        try (FerryClient client = connect()) {
            Download download = client.download("file.txt", downloads, false, DownloadListener.NONE);
            assertThatThrownBy(() -> download.result().get(30, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(FerryException.class,
                            e -> assertThat(e.kind()).isEqualTo(FerryException.Kind.INTEGRITY))
                    .hasMessageStartingWith("SHA-256 mismatch for file.txt: the server sent "
                            + DigestUtils.sha256Hex("something else"))
                    .hasMessageEndingWith("; nothing was kept");
        }
        assertThat(downloads.resolve("file.txt")).doesNotExist();
        assertThat(downloads.resolve("file.txt.part")).doesNotExist();
    }

    /** A .part as an interrupted Ferry download of file.txt would have left it. */
    private void interruptedPart(String content) throws IOException {
        Path part = downloads.resolve("file.txt.part");
        Files.writeString(part, content);
        PartFile.mark(part, "file.txt", CONTENT.length, Instant.EPOCH);
    }

    @Test
    void aResumedDownloadThatDoesNotVerifyIsFetchedWholeOnceMore() throws Exception {
        interruptedPart("THE REAL CONTENT\n".repeat(300));
        try (FerryClient client = connect()) {
            DownloadResult result = client.download("file.txt", downloads, false, DownloadListener.NONE)
                    .result().get(30, TimeUnit.SECONDS);
            assertThat(result.resumedFrom()).isZero();
        }
        assertThat(gets.poll().offset()).isEqualTo(4096);
        assertThat(gets.poll().offset()).isZero();
        assertThat(downloads.resolve("file.txt")).hasBinaryContent(CONTENT);
    }

    @Test
    void aResumedDownloadIsRetriedOnlyOnce() throws Exception {
        digestToSend = DigestUtils.sha256("never matches");
        interruptedPart("the real content\n".repeat(300));
        try (FerryClient client = connect()) {
            Download download = client.download("file.txt", downloads, false, DownloadListener.NONE);
            assertThatThrownBy(() -> download.result().get(30, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(FerryException.class,
                            e -> assertThat(e.kind()).isEqualTo(FerryException.Kind.INTEGRITY));
        }
        assertThat(gets).extracting(Message.Get::offset).containsExactly(4096L, 0L);
        assertThat(downloads.resolve("file.txt")).doesNotExist();
    }

    private static byte[] bytes(ByteBuffer frame) {
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        return bytes;
    }
}
