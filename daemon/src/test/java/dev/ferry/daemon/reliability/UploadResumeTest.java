package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.FerrydExtension;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.RawUpload;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.Put;
import dev.ferry.protocol.Message.PutDone;
import dev.ferry.protocol.Message.PutReady;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The uploading client is killed part-way (its connection reset, as when the process dies). The
 * next client that puts the same file is told how much the daemon holds, sends only the rest, and
 * the file is whole and verified.
 */
@Timeout(60)
class UploadResumeTest {
    private static final int SIZE = 24 << 20;

    @RegisterExtension
    final FerrydExtension ferryd = FerrydExtension.notStarted();

    @Test
    void anUploadWhoseClientWasKilledResumesSendingOnlyTheMissingBytes() throws Exception {
        Path repository = ferryd.repository();
        try (TestDaemon daemon = ferryd.start(b -> b.uploads(RawUpload.OPEN))) {
            byte[] content = RawUpload.content(SIZE, 21);
            RawClient doomed = RawClient.admitted(daemon.address());
            PutReady ready = (PutReady) RawUpload.open(doomed, 1, new Put("video.bin", SIZE, false));
            RawUpload first = RawUpload.accepted(doomed, 1, ready);
            assertThat(first.send(content, 0, 9 << 20, 1 << 20)).isTrue();
            doomed.send(2, new Message.Ping(1)); // answered once the daemon has written what came before it
            assertThat(RawUpload.reply(doomed, 2)).isEqualTo(new Message.Pong(1));
            assertThat(first.send(content, 9 << 20, 10 << 20, 1 << 20)).isTrue();
            doomed.vanish();
            assertThat(daemon.daemon().awaitLiveSessions(0, Duration.ofSeconds(10))).isTrue();

            try (RawClient again = RawClient.admitted(daemon.address())) {
                PutReady resumed = (PutReady) RawUpload.open(again, 1, new Put("video.bin", SIZE, false));
                long held = resumed.offset();
                assertThat(held).as("at least what was written before the PONG, at most what was sent")
                        .isBetween(9L << 20, 10L << 20);
                assertThat(resumed.heldSha256()).isEqualTo(RawUpload.sha256(Arrays.copyOf(content, (int) held)));
                RawUpload rest = RawUpload.accepted(again, 1, resumed);
                assertThat(rest.send(content, (int) held, SIZE, 1 << 20)).isTrue();

                assertThat(rest.finish(content)).isEqualTo(new PutDone(SIZE, false));
                assertThat(rest.sent()).as("bytes sent by the resuming client").isEqualTo(SIZE - held);
                assertThat(Files.readAllBytes(repository.resolve("video.bin"))).isEqualTo(content);
                Figures.record("upload resume", "a 24 MiB upload whose client was reset after sending " + first.sent()
                        + " bytes: the daemon held " + held + " bytes, the next client sent " + rest.sent()
                        + " (" + (SIZE - held) + " missing), and the file verified whole");
            }
        }
    }
}
