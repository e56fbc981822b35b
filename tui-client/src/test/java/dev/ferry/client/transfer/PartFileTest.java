package dev.ferry.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.client.FerryClient;
import dev.ferry.client.connection.ClientListener;
import dev.ferry.client.connection.ClientOptions;
import dev.ferry.client.trust.ServerTrust;
import dev.ferry.daemon.testing.TestDaemon;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Telling Ferry's .part files from others, where marks are kept and where they are not, including
 * a file system that has extended attributes but refuses user ones: reading works and finds
 * none, writing fails.
 */
@Timeout(60)
class PartFileTest {
    static final Instant MODIFIED = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path folder;

    /** Marks kept in memory, as a file system with user attributes keeps them. */
    static final class Kept implements PartFile.Marks {
        final Map<Path, byte[]> marks = new HashMap<>();

        @Override
        public byte[] read(Path file) {
            return marks.get(file);
        }

        @Override
        public void write(Path file, byte[] mark) {
            marks.put(file, mark);
        }

        @Override
        public void delete(Path file) {
            marks.remove(file);
        }
    }

    /** A file system with extended attributes that refuses user ones, as tmpfs did before Linux 6.6. */
    static final class Refused implements PartFile.Marks {
        @Override
        public byte[] read(Path file) {
            return null;
        }

        @Override
        public void write(Path file, byte[] mark) throws IOException {
            throw new FileSystemException(file.toString(), null, "Operation not supported");
        }

        @Override
        public void delete(Path file) throws IOException {
            throw new FileSystemException(file.toString(), null, "No data available");
        }
    }

    Path part(String content) throws IOException {
        return Files.writeString(folder.resolve("big.bin.part"), content);
    }

    @Test
    void whereMarksAreKeptAMarkedPartIsOursAndAnUnmarkedOneForeign() throws IOException {
        PartFile parts = new PartFile(new Kept());
        Path part = part("some bytes");
        assertThat(parts.ownership(part, "big.bin")).isInstanceOf(PartFile.Foreign.class);

        assertThat(parts.put(part, "big.bin", 1000, MODIFIED)).isTrue();
        assertThat(parts.ownership(part, "big.bin")).isEqualTo(new PartFile.Ours("big.bin", 1000, MODIFIED));
        assertThat(parts.ownership(part, "other.bin")).isInstanceOf(PartFile.Foreign.class);
    }

    @Test
    void whereUserMarksAreRefusedMarkingFailsAndEveryPartIsTakenAsOurs() throws IOException {
        PartFile parts = new PartFile(new Refused());
        Path part = part("some bytes");

        assertThat(parts.put(part, "big.bin", 1000, MODIFIED)).isFalse();
        assertThat(parts.ownership(part, "big.bin")).isInstanceOf(PartFile.Unknown.class);
        parts.remove(part);
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).as("the trial mark leaves nothing behind").containsExactly(part);
        }
    }

    @Test
    void whereNoMarksAreKeptAtAllNothingCanBeTold() throws IOException {
        PartFile parts = new PartFile(new PartFile.Marks() {
            @Override
            public byte[] read(Path file) {
                throw new UnsupportedOperationException("no attributes");
            }

            @Override
            public void write(Path file, byte[] mark) {
                throw new UnsupportedOperationException("no attributes");
            }

            @Override
            public void delete(Path file) {
                throw new UnsupportedOperationException("no attributes");
            }
        });
        assertThat(parts.put(part("x"), "big.bin", 1, MODIFIED)).isFalse();
        assertThat(parts.ownership(folder.resolve("big.bin.part"), "big.bin")).isInstanceOf(PartFile.Unknown.class);
    }

    @Test
    void aMarkThatIsNotFerrysIsForeign() throws IOException {
        Kept kept = new Kept();
        PartFile parts = new PartFile(kept);
        Path part = part("x");
        kept.write(part, "2\nnot\nours\nbig.bin".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(parts.ownership(part, "big.bin")).isInstanceOf(PartFile.Foreign.class);
        kept.write(part, "1\nlots\n0\nbig.bin".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(parts.ownership(part, "big.bin")).isInstanceOf(PartFile.Foreign.class);
    }

    @Test
    void whereUserMarksAreRefusedAnInterruptedDownloadIsResumedBySize() throws Exception {
        Path repository = Files.createDirectories(folder.resolve("repository"));
        Path downloads = Files.createDirectories(folder.resolve("downloads"));
        try (TestDaemon daemon = TestDaemon.start(repository);
             FerryClient client = FerryClient.connect(ClientOptions.defaults().withAddress("127.0.0.1", daemon.port()).withTrust(ServerTrust.exactly(daemon.fingerprint())),
                     ClientListener.NONE)) {
            client.transfers().marks(new PartFile(new Refused()));
            byte[] all = Files.readAllBytes(repository.resolve("large_file.txt"));
            int kept = 100 * 4096;
            Files.write(downloads.resolve("large_file.txt.part"), Arrays.copyOf(all, kept));

            DownloadResult result = client.download("large_file.txt", downloads, false, DownloadListener.NONE)
                    .result().get(30, TimeUnit.SECONDS);

            assertThat(result.resumedFrom()).isEqualTo(kept);
            assertThat(client.dataBytesReceived()).isEqualTo(all.length - kept);
            assertThat(downloads.resolve("large_file.txt")).hasBinaryContent(all);
        }
    }
}
