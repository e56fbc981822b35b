package dev.ferry.daemon.testing;

import dev.ferry.protocol.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** A flood of pipelined requests from one client, and the log it leaves: what the log-flood tests share. */
public final class Floods {
    private Floods() {}

    /**
     * Writes {@code frames} (many requests, encoded back to back) on another thread while this one
     * reads the replies, until {@code replies} ERRORs came; events on the way are skipped, anything
     * else fails. Returns how long it took, in milliseconds.
     */
    public static long pipeline(RawClient flood, byte[] frames, int replies, Consumer<Message.ErrorReply> each)
            throws Exception {
        long started = System.nanoTime();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<?> written = writer.submit(() -> {
                RawClient.write(flood.socket(), frames, Duration.ofSeconds(60));
                return null;
            });
            for (int answered = 0; answered < replies; ) {
                Message reply = flood.next().message();
                if (reply instanceof Message.ErrorReply error) {
                    each.accept(error);
                    answered++;
                } else if (!(reply instanceof Message.Event)) {
                    throw new AssertionError("expected an ERROR or an event, got " + reply);
                }
            }
            written.get(60, TimeUnit.SECONDS);
        } finally {
            writer.shutdownNow();
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** Every line of every file in the log folder, and their bytes in all. */
    public record Log(List<String> lines, long bytes) {
        public static Log read(Path logs) throws IOException {
            List<String> lines = new ArrayList<>();
            long total = 0;
            try (Stream<Path> all = Files.list(logs)) {
                for (Path file : all.toList()) {
                    total += Files.size(file);
                    lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
                }
            }
            return new Log(lines, total);
        }

        /**
         * Checks that the records of two clients' coming and going are all there (Client02 the
         * flooder, leaving with EXIT), and returns the summary of Client02's flood.
         */
        public String connectionRecordsAndFloodSummary() {
            for (String record : List.of("Client01 connected from", "Client02 connected from", "Client02 disconnected: exit",
                    "Client01 disconnected")) {
                if (lines.stream().noneMatch(l -> l.contains(record))) {
                    throw new AssertionError("no \"" + record + "\" in the log");
                }
            }
            return lines.stream().filter(l -> l.contains("more requests from Client02 in the last")).findFirst()
                    .orElseThrow(() -> new AssertionError("no summary of the flood in the log"));
        }
    }
}
