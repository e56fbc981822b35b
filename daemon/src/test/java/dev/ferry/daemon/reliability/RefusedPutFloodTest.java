package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.DaemonProcess;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.Floods;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.RawUpload;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.Put;
import dev.ferry.protocol.MessageCodec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One client pipelines thousands of PUTs that are all refused before a byte (names that escape or
 * hide, near a kilobyte long; sizes over --max-upload-size; names that exist), against ferryd as
 * shipped, logging to a file. The log rules hold for uploads as for GETs: the flood is a few lines
 * and a summary, names are cut, and the records of who connected survive it.
 */
@Timeout(120)
class RefusedPutFloodTest {
    private static final int PUTS = 12_000;

    @TempDir
    Path dir;

    @Test
    void aFloodOfRefusedPutsIsLoggedAsASummaryAndConnectionRecordsSurvive() throws Exception {
        Path repository = dir.resolve("files");
        TestDaemon.fill(repository);
        Path logs = dir.resolve("logs");
        String longName = ("../" + "n".repeat(240) + "/").repeat(5).substring(0, 990) + ".txt";
        List<Put> kinds = List.of(new Put(longName, 10, false), new Put(".hidden/" + "h".repeat(900), 10, false),
                new Put("too-large/" + "t".repeat(250) + "/" + "t".repeat(250) + "/big.bin", 1L << 40, false), new Put("sample.txt", 10, false));
        Map<String, Integer> codes = new TreeMap<>();
        long floodMillis;
        try (DaemonProcess daemon = DaemonProcess.start(List.of(), "--port", "0", "--repo", repository.toString(),
                "--uploads", "--max-upload-size", "1M", "--log-file", logs.resolve("ferryd.log").toString())) {
            try (RawClient bystander = RawClient.admitted(daemon.address());
                    RawClient flood = RawClient.admitted(daemon.address())) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (int i = 0; i < PUTS; i++) {
                    ByteBuffer frame = MessageCodec.encode(i + 1, kinds.get(i % kinds.size()));
                    all.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
                }
                byte[] bytes = all.toByteArray();
                floodMillis = Floods.pipeline(flood, bytes, PUTS, error -> codes.merge(error.code().name(), 1, Integer::sum));
                bystander.send(1, new Message.Ping(1));
                assertThat(RawUpload.reply(bystander, 1)).isEqualTo(new Message.Pong(1));
                flood.send(PUTS + 1, new Message.Exit());
            }
            daemon.terminate();
            assertThat(daemon.awaitExit(Duration.ofSeconds(10))).isPresent();
        }
        Floods.Log log = Floods.Log.read(logs);
        List<String> lines = log.lines();
        long total = log.bytes();
        assertThat(codes).containsOnlyKeys("BAD_NAME", "TOO_LARGE", "EXISTS");
        String summary = log.connectionRecordsAndFloodSummary();
        int longest = lines.stream().mapToInt(String::length).max().orElse(0);
        assertThat(longest).as("longest line").isLessThan(600);
        assertThat(total).as("log bytes in all").isLessThan(64 * 1024);
        Figures.record("refused-PUT flood", PUTS + " pipelined PUTs refused before a byte " + codes + " in " + floodMillis
                + " ms, names up to " + longName.length() + " bytes: " + lines.size() + " log lines, " + total
                + " bytes, the longest " + longest + " characters; every connection record kept; \""
                + summary.substring(summary.indexOf("more requests") - 6).trim() + "\"");
    }
}
