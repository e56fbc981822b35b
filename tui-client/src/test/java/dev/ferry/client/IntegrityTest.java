package dev.ferry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.client.connection.ClientListener;
import dev.ferry.client.connection.ClientOptions;
import dev.ferry.client.failure.FerryException;
import dev.ferry.client.fake.FakeServer;
import dev.ferry.client.transfer.Download;
import dev.ferry.client.transfer.DownloadListener;
import dev.ferry.client.transfer.DownloadResult;
import dev.ferry.client.transfer.Parts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that sends the wrong digest: the client must never keep such a file under its name.
 * The fake server serves one file and records every GET.
 */
@Timeout(60)
class IntegrityTest {
    static final byte[] CONTENT = "the real content\n".repeat(1000).getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path downloads;

    FakeServer server;

    @BeforeEach
    void startLyingServer() throws IOException {
        server = FakeServer.builder().software("liar/1").file("file.txt", CONTENT).start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    FerryClient connect() throws FerryException {
        return FerryClient.connect(ClientOptions.defaults().withAddress("127.0.0.1", server.port()).withTls(false), ClientListener.NONE);
    }

    @Test
    void aDigestMismatchFailsTheDownloadAndKeepsNothing() throws Exception {
        server.digest = DigestUtils.sha256("something else");
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
        Parts.mark(part, "file.txt", CONTENT.length, FakeServer.MODIFIED);
    }

    @Test
    void aResumedDownloadThatDoesNotVerifyIsFetchedWholeOnceMore() throws Exception {
        interruptedPart("THE REAL CONTENT\n".repeat(300));
        try (FerryClient client = connect()) {
            DownloadResult result = client.download("file.txt", downloads, false, DownloadListener.NONE)
                    .result().get(30, TimeUnit.SECONDS);
            assertThat(result.resumedFrom()).isZero();
        }
        assertThat(server.gets.poll()).isEqualTo(4096);
        assertThat(server.gets.poll()).isZero();
        assertThat(downloads.resolve("file.txt")).hasBinaryContent(CONTENT);
    }

    @Test
    void aResumedDownloadIsRetriedOnlyOnce() throws Exception {
        server.digest = DigestUtils.sha256("never matches");
        interruptedPart("the real content\n".repeat(300));
        try (FerryClient client = connect()) {
            Download download = client.download("file.txt", downloads, false, DownloadListener.NONE);
            assertThatThrownBy(() -> download.result().get(30, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(FerryException.class,
                            e -> assertThat(e.kind()).isEqualTo(FerryException.Kind.INTEGRITY));
        }
        assertThat(server.gets).containsExactly(4096L, 0L);
        assertThat(downloads.resolve("file.txt")).doesNotExist();
    }
}
