package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.FerrydExtension;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.ErrorReply;
import dev.ferry.protocol.Message.Get;
import dev.ferry.protocol.Message.Window;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A file cut short while it is being sent: the frame that finds its new end is completed with
 * zeros (it was announced), and the next frame for the transfer is ERROR FILE_CHANGED, never more
 * zeros up to the size the file had. Both ways a chunk is sent: straight from the file to the socket
 * (chunks above 64 KiB), and read into memory first (64 KiB and below).
 */
@Timeout(60)
class TruncatedFileTest {
    private static final int FIRST = 1 << 20;
    private static final long CUT_TO = 1_000_000;

    @RegisterExtension
    final FerrydExtension ferryd = FerrydExtension.notStarted();

    Path repository;
    TestDaemon daemon;
    RawClient client;

    @Test
    void aFileCutShortWhileSentFromFileToSocketEndsWithinOneChunk() throws IOException {
        long size = 256L << 20;
        int chunk = 1 << 20;
        RawClient client = firstMegabyteReceivedThenCut(size, chunk);
        client.send(1, new Window((int) (size - FIRST))); // the whole rest at once

        long zeros = zerosUntilFileChanged(client);
        Figures.record("truncation", "a 256 MiB file cut to 1 MB after 1 MiB was sent, then the window opened for"
                + " the rest (1 MiB chunks, sent file to socket): " + zeros + " bytes of zeros, then FILE_CHANGED");
        assertThat(zeros).as("bytes sent after the cut").isLessThanOrEqualTo(chunk);
    }

    @Test
    void aFileCutShortWhileSentInSmallChunksEndsWithinOneChunk() throws IOException {
        long size = 64L << 20;
        int chunk = 64 * 1024;
        RawClient client = firstMegabyteReceivedThenCut(size, chunk);
        client.send(1, new Window((int) (size - FIRST)));

        long zeros = zerosUntilFileChanged(client);
        Figures.record("truncation", "a 64 MiB file cut to 1 MB after 1 MiB was sent, then the window opened for"
                + " the rest (64 KiB chunks, read into memory): " + zeros + " bytes of zeros, then FILE_CHANGED");
        assertThat(zeros).as("bytes sent after the cut").isLessThanOrEqualTo(chunk);
    }

    /** GET with a 1 MiB window, all of it received (so nothing is in flight), then the file cut to 1 MB. */
    private RawClient firstMegabyteReceivedThenCut(long size, int chunk) throws IOException {
        repository = ferryd.repository();
        daemon = ferryd.start(b -> b.chunkSize(chunk));
        Path file = repository.resolve("big.bin");
        try (RandomAccessFile big = new RandomAccessFile(file.toFile(), "rw")) {
            big.setLength(size);
        }
        client = ferryd.client();
        client.send(1, new Get("big.bin", 0, FIRST));
        long[] received = {0};
        assertThat(client.nextControl(received).message()).isInstanceOf(Message.FileHeader.class);
        while (received[0] < FIRST) {
            Frame frame = client.next();
            assertThat(frame.message()).isInstanceOf(Message.Data.class);
            received[0] += client.data().length; // the whole payload read: the server has sent all of it
        }
        try (RandomAccessFile big = new RandomAccessFile(file.toFile(), "rw")) {
            big.setLength(CUT_TO);
        }
        return client;
    }

    private static long zerosUntilFileChanged(RawClient client) throws IOException {
        long[] zeros = {0};
        Frame end = client.nextControl(zeros);
        assertThat(end.id()).isEqualTo(1);
        assertThat(end.message()).isInstanceOfSatisfying(ErrorReply.class,
                error -> assertThat(error.code()).isEqualTo(ErrorCode.FILE_CHANGED));
        return zeros[0];
    }
}
