package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.FerrydExtension;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.RawUpload;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.ErrorReply;
import dev.ferry.protocol.Message.PutDone;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two connections upload the same name at the same instant, round after round, each with bytes of
 * its own. Without overwrite exactly one wins each round and the other gets a clear error; with
 * overwrite both may win one after the other; either way the file is always one whole upload's
 * bytes, never a mix, and no partial is left behind.
 */
@Timeout(120)
class SameNameRaceTest {
    private static final int ROUNDS = 300;
    private static final Set<ErrorCode> CLEAR = Set.of(ErrorCode.UPLOAD_BUSY, ErrorCode.EXISTS);

    @RegisterExtension
    final FerrydExtension ferryd = FerrydExtension.withUploads();

    @Test
    void twoConnectionsPuttingOneNameAtOnceNeverMixTheirBytes() throws Exception {
        RawClient[] clients = {ferryd.client(), ferryd.client()};
        byte[][] contents = {RawUpload.content(48 << 10, 1), RawUpload.content(48 << 10, 2)};
        Map<String, Integer> outcomes = new TreeMap<>();
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                boolean overwrite = round > ROUNDS / 2;
                String name = overwrite ? "shared.bin" : "race-" + round + ".bin";
                CyclicBarrier start = new CyclicBarrier(2);
                int id = round;
                List<CompletableFuture<Message>> answers = List.of(0, 1).stream().map(i -> CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await(10, TimeUnit.SECONDS);
                        return RawUpload.upload(clients[i], id, name, contents[i], overwrite);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, both)).toList();
                int wins = 0;
                for (CompletableFuture<Message> answer : answers) {
                    Message last = answer.get(30, TimeUnit.SECONDS);
                    if (last instanceof PutDone) {
                        wins++;
                    } else {
                        assertThat(last).as("round %d: the loser's answer", round).isInstanceOfSatisfying(ErrorReply.class,
                                error -> assertThat(error.code()).isIn(CLEAR));
                        outcomes.merge(((ErrorReply) last).code().name(), 1, Integer::sum);
                    }
                }
                outcomes.merge((overwrite ? "overwrite, " : "") + wins + " won", 1, Integer::sum);
                byte[] landed = Files.readAllBytes(ferryd.repository().resolve(name));
                assertThat(landed).as("round %d: the file is one whole upload", round)
                        .satisfiesAnyOf(b -> assertThat(b).isEqualTo(contents[0]), b -> assertThat(b).isEqualTo(contents[1]));
                if (!overwrite) {
                    assertThat(wins).as("round %d: uploads that won", round).isEqualTo(1);
                } else {
                    assertThat(wins).as("round %d: uploads that won", round).isBetween(1, 2);
                }
            }
        } finally {
            both.shutdownNow();
        }
        assertThat(ferryd.partials()).as("partials left behind").isEmpty();
        Figures.record("same name from two connections", ROUNDS + " rounds of two connections putting one name at"
                + " once (the first half without overwrite, the rest with): " + outcomes
                + "; every file one whole upload's bytes; partials left: 0");
    }
}
