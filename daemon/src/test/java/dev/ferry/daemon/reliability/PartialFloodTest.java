package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.settings.DaemonConfig;
import dev.ferry.daemon.testing.FerrydExtension;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.RawUpload;
import dev.ferry.daemon.testing.SettableClock;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.Put;
import dev.ferry.protocol.Message.PutReady;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that makes partials and disconnects, in a loop: each connection opens as many uploads as
 * it may, sends a little of each and drops. The partials are kept for a resume, hidden from the
 * listing; what bounds them is the disk (an upload that does not fit is refused before its first
 * byte) and their time to live, after which one sweep removes them all. Meanwhile the listing and
 * the daemon answer as before.
 */
@Timeout(120)
class PartialFloodTest {
    private static final int ROUNDS = 125;
    private static final int PER_CONNECTION = 8;
    private static final int MAX_CLIENTS = 16;
    private static final int SENT = 1024;

    @RegisterExtension
    final FerrydExtension ferryd = FerrydExtension.notStarted();

    final SettableClock clock = new SettableClock();

    @Test
    void thousandsOfAbandonedPartialsStayHiddenBoundedAndSweptAway() throws Exception {
        ferryd.start(b -> b.uploads(new DaemonConfig.Uploads(true, Long.MAX_VALUE, 0, Duration.ofHours(1)))
                .maxTransfers(PER_CONNECTION).maxClients(MAX_CLIENTS), clock);
        RawClient bystander = ferryd.client();
        long started = System.nanoTime();
        for (int round = 0; round < ROUNDS; round++) {
            RawClient flooder = admitted();
            for (int j = 0; j < PER_CONNECTION; j++) {
                int id = j + 1;
                PutReady ready = (PutReady) RawUpload.open(flooder, id, new Put("p-" + round + "-" + j + ".bin", 64 << 10, false));
                assertThat(RawUpload.accepted(flooder, id, ready).send(new byte[64 << 10], 0, SENT, SENT)).isTrue();
            }
            flooder.close(); // gone without a word: the partials stay for a resume
        }
        long floodMillis = (System.nanoTime() - started) / 1_000_000;
        // every slot but the bystander's taken by fresh clients: every flooding session has ended
        List<RawClient> fresh = new ArrayList<>();
        for (int i = 1; i < MAX_CLIENTS; i++) {
            fresh.add(admitted());
        }
        for (RawClient client : fresh) {
            client.close();
        }

        List<Path> partials = ferryd.partials();
        long bytes = 0;
        for (Path partial : partials) {
            bytes += Files.size(partial);
        }
        assertThat(partials).hasSize(ROUNDS * PER_CONNECTION);
        assertThat(bytes).isEqualTo((long) ROUNDS * PER_CONNECTION * SENT);

        long listStarted = System.nanoTime();
        bystander.send(1, new Message.ListFiles());
        Message listing = RawUpload.reply(bystander, 1);
        long listMillis = (System.nanoTime() - listStarted) / 1_000_000;
        assertThat(listing).isInstanceOfSatisfying(Message.FileList.class, list -> assertThat(list.files())
                .noneMatch(e -> e.name().contains(".ferry-part-")).hasSize(3));
        assertThat(RawUpload.upload(bystander, 2, "still-works.txt", new byte[100], false)).isInstanceOf(Message.PutDone.class);

        clock.advance(Duration.ofMinutes(59));
        int early = ferryd.daemon().daemon().sweepPartials();
        clock.advance(Duration.ofMinutes(2));
        long sweepStarted = System.nanoTime();
        int swept = ferryd.daemon().daemon().sweepPartials();
        long sweepMillis = (System.nanoTime() - sweepStarted) / 1_000_000;
        assertThat(early).as("removed before their time").isZero();
        assertThat(swept).isEqualTo(ROUNDS * PER_CONNECTION);
        assertThat(ferryd.partials()).isEmpty();
        Figures.record("partial flood", ROUNDS + " connections each opening " + PER_CONNECTION + " uploads, sending "
                + SENT + " bytes of each and dropping, in " + floodMillis + " ms: " + partials.size() + " partials, "
                + bytes + " bytes, none listed; LIST answered in " + listMillis + " ms and an upload went through meanwhile;"
                + " swept before their hour: " + early + "; one sweep after it removed " + swept + " in " + sweepMillis + " ms");
    }

    /** A new client; the slot of one that just dropped may take a moment to be freed, so a refusal is tried again (bounded). */
    private RawClient admitted() throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 200; attempt++) {
            try {
                return RawClient.admitted(ferryd.daemon().address());
            } catch (IOException | AssertionError e) {
                last = e instanceof IOException io ? io : new IOException(e);
            }
        }
        throw last;
    }
}
