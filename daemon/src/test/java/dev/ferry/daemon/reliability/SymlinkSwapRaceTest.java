package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.FerrydExtension;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.ErrorReply;
import dev.ferry.protocol.Message.Get;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Someone who can write inside the repository keeps exchanging a folder with a link to a folder
 * outside it (atomically, so the name always exists), while a client keeps fetching a file through that folder. Checking the path and
 * opening it are separate moments; whatever happens between them, not one byte from outside is
 * ever sent: each GET gets the inside file or a clean refusal.
 */
@Timeout(120)
class SymlinkSwapRaceTest {
    private static final int GETS = 3000;
    private static final String INSIDE = "inside-file-" + "i".repeat(52) + "\n";
    private static final String OUTSIDE = "OUTSIDE-SECRET-" + "s".repeat(49) + "\n";

    @RegisterExtension
    final FerrydExtension ferryd = FerrydExtension.notStarted();

    TestDaemon daemon;
    RawClient client;

    @Test
    void aFolderSwappedForALinkOutsideNeverLeaksAByte() throws Exception {
        Path sandbox = ferryd.sandbox();
        Path repository = ferryd.repository();
        Path outside = ferryd.canary();
        Files.writeString(outside.resolve("f.txt"), OUTSIDE);
        daemon = ferryd.start(b -> b);
        Path race = repository.resolve("race");
        Files.createDirectories(race);
        Files.writeString(race.resolve("f.txt"), INSIDE);
        assertThat(INSIDE.length()).isEqualTo(OUTSIDE.length()); // a size check alone cannot tell them apart
        Path link = repository.resolve(".link"); // hidden: parked here, never listed nor served
        Files.createSymbolicLink(link, outside);

        Process swapper = Swapper.start(sandbox, race, link);
        client = ferryd.client();
        Map<String, Integer> outcomes = new TreeMap<>();
        int leaked = 0;
        for (int id = 1; id <= GETS; id++) {
            String outcome = get(id);
            outcomes.merge(outcome, 1, Integer::sum);
            if (outcome.equals("outside bytes")) {
                leaked++;
            }
        }
        long swaps = Swapper.stop(swapper);

        Figures.record("symlink swap race", GETS + " GETs of race/f.txt while race/ was exchanged with a link to an"
                + " outside folder " + swaps + " times (renameat2 RENAME_EXCHANGE): " + outcomes);
        assertThat(leaked).as("GETs that returned the outside file's bytes").isZero();
        assertThat(outcomes.getOrDefault("inside file", 0)).as("GETs served the inside file").isPositive();
        assertThat(swaps).as("swaps made while the GETs ran").isGreaterThan(100);
    }

    /** One GET to its end: what it brought back. */
    private String get(int id) throws IOException {
        client.send(id, new Get("race/f.txt", 0));
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (;;) {
            Frame frame = client.next();
            assertThat(frame).as("the daemon is still serving").isNotNull();
            assertThat(frame.id()).isEqualTo(id);
            Message message = frame.message();
            if (message instanceof Message.Data) {
                data.write(client.data());
            } else if (message instanceof ErrorReply error) {
                if (data.toString(StandardCharsets.UTF_8).contains("OUTSIDE")) {
                    return "outside bytes";
                }
                return error.code().name();
            } else if (message instanceof Message.FileEnd) {
                String received = data.toString(StandardCharsets.UTF_8);
                if (received.contains("OUTSIDE")) {
                    return "outside bytes";
                }
                assertThat(received).isEqualTo(INSIDE);
                return "inside file";
            }
        }
    }
}
