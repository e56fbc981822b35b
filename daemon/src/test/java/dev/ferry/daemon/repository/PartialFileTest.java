package dev.ferry.daemon.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upload's partial sends its bytes on to the disk as they come, in runs, so that the sync
 * before the rename has little left to write; and every byte lands where it was written.
 */
class PartialFileTest {
    @TempDir
    Path dir;

    @Test
    void longRunsOfWrittenBytesAreSentOnToTheDiskAsTheyComeAndEveryByteLands() throws Exception {
        assumeTrue(Posix.unavailable().isEmpty(), () -> Posix.unavailable().orElse(""));
        byte[] content = new byte[(int) (2.5 * PartialFile.WRITEBACK_EVERY) + 12_345];
        new Random(3).nextBytes(content);
        int folder = Posix.openFolder(dir.toString(), StandardCharsets.UTF_8);
        try {
            int fd = Posix.openFileAt(folder, "partial", true, StandardCharsets.UTF_8);
            FileChannel channel = FileChannel.open(Path.of("/proc/self/fd/" + fd), StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            try (PartialFile partial = new PartialFile(channel, fd)) {
                Random sizes = new Random(5);
                int at = 0;
                while (at < content.length) {
                    int n = Math.min(content.length - at, 1 + sizes.nextInt(300_000));
                    assertThat(partial.write(ByteBuffer.wrap(content, at, n), at)).isEqualTo(n);
                    at += n;
                }
                assertThat(partial.writebackBytes()).as("bytes sent on to the disk before the sync")
                        .isGreaterThanOrEqualTo(2 * PartialFile.WRITEBACK_EVERY);
                partial.sync();
            }
        } finally {
            Posix.close(folder);
        }
        assertThat(Files.readAllBytes(dir.resolve("partial"))).isEqualTo(content);
    }
}
