package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.FerrydExtension;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.RawUpload;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.ErrorReply;
import dev.ferry.protocol.Message.Put;
import dev.ferry.protocol.Message.PutDone;
import dev.ferry.protocol.Message.PutReady;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that take names and never finish with them: PUTs announced and never sent, and a client
 * that trickles one byte at a time into a name. What bounds them is the transfers a session may
 * have in flight (one more ends the connection), the clients the server admits, and the idle
 * timeout for a client that sends nothing; a name held is held against that one name only, and
 * other clients upload other names meanwhile.
 */
@Timeout(60)
class HeldNamesTest {
    private static final int MAX_TRANSFERS = 4;

    @RegisterExtension
    final FerrydExtension ferryd = FerrydExtension.started(b -> b.uploads(RawUpload.OPEN).maxTransfers(MAX_TRANSFERS)
            .maxClients(3).idleTimeout(Duration.ofSeconds(3)));

    @Test
    void namesAnnouncedAndNeverSentAreBoundedAndFreedAtTheIdleTimeout() throws Exception {
        RawClient silent = ferryd.client();
        RawClient trickler = ferryd.client();
        RawClient honest = ferryd.client();
        List<String> held = new ArrayList<>();
        for (int i = 1; i <= MAX_TRANSFERS; i++) {
            String name = "held-" + i + ".bin";
            assertThat(RawUpload.open(silent, i, new Put(name, 1 << 20, false))).isInstanceOf(PutReady.class);
            held.add(name);
        }
        // the trickler takes one name and sends a byte at a time, each answered by a PING so it is never idle
        byte[] slow = RawUpload.content(1 << 20, 3);
        PutReady ready = (PutReady) RawUpload.open(trickler, 1, new Put("slow.bin", slow.length, false));
        RawUpload trickle = RawUpload.accepted(trickler, 1, ready);

        // meanwhile another client uploads other names, and is told plainly that the held ones are busy
        int id = 1;
        for (String name : held) {
            Message busy = RawUpload.upload(honest, id++, name, new byte[10], false);
            assertThat(busy).isInstanceOfSatisfying(ErrorReply.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UPLOAD_BUSY));
        }
        for (int i = 0; i < 5; i++) {
            assertThat(trickle.send(slow, i, i + 1, 1)).isTrue();
            for (RawClient keptAwake : List.of(trickler, silent)) { // a PING now and then: neither is idle
                keptAwake.send(100 + i, new Message.Ping(i));
                assertThat(RawUpload.reply(keptAwake, 100 + i)).isEqualTo(new Message.Pong(i));
            }
            assertThat(RawUpload.upload(honest, id++, "other-" + i + ".bin", RawUpload.content(1000, i), false))
                    .isInstanceOf(PutDone.class);
        }
        assertThat(RawUpload.upload(honest, id++, "slow.bin", new byte[10], false)).isInstanceOfSatisfying(ErrorReply.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UPLOAD_BUSY));

        // one PUT more than the transfers allowed in flight ends the silent client's connection
        silent.send(MAX_TRANSFERS + 1, new Put("one-too-many.bin", 10, false));
        List<Message> lastWords = new ArrayList<>();
        for (Frame frame = silent.next(); frame != null; frame = silent.next()) {
            lastWords.add(frame.message());
            if (frame.message() instanceof ErrorReply e && e.code() == ErrorCode.TOO_MANY_TRANSFERS) {
                break;
            }
        }
        assertThat(lastWords).anySatisfy(m -> assertThat(m).isInstanceOfSatisfying(ErrorReply.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_TRANSFERS)));
        // its names are free: the reader let go of them before it queued the error that ends the connection
        for (String name : held) {
            assertThat(RawUpload.upload(honest, id++, name, new byte[10], false)).as(name).isInstanceOf(PutDone.class);
        }
        Figures.record("held names", MAX_TRANSFERS + " PUTs announced and never sent, and a client trickling 1 byte at a"
                + " time: the names held answered UPLOAD_BUSY to another client, which uploaded 5 other names meanwhile;"
                + " one PUT over --max-transfers ended the silent connection (" + lastWords.size()
                + " last frames, TOO_MANY_TRANSFERS among them) and freed its names at once");
    }

    @Test
    void aClientThatAnnouncesAndFallsSilentIsDroppedAtTheIdleTimeoutAndItsNameFreed() throws Exception {
        RawClient silent = ferryd.client();
        assertThat(RawUpload.open(silent, 1, new Put("quiet.bin", 1 << 20, false))).isInstanceOf(PutReady.class);
        List<Message> told = new ArrayList<>();
        for (Frame frame = silent.next(); frame != null; frame = silent.next()) { // the read times out long after 3 s
            told.add(frame.message());
        }
        assertThat(told).anySatisfy(m -> assertThat(m).isInstanceOfSatisfying(Message.Notice.class,
                n -> assertThat(n.code()).isEqualTo(ErrorCode.IDLE_TIMEOUT)));
        silent.close();
        // the connection's reader lets go of its names once it is out of its loop, and the session is over only then
        assertThat(ferryd.daemon().daemon().awaitLiveSessions(0, Duration.ofSeconds(20))).isTrue();
        RawClient other = ferryd.client();
        assertThat(RawUpload.upload(other, 1, "quiet.bin", new byte[10], false)).isInstanceOf(PutDone.class);
        Figures.record("held names", "a client that announced a PUT and sent nothing was told " + told.stream()
                .map(m -> m.type().name()).toList() + " at the 3 s idle timeout; once its session was over, the name was free for another");
    }
}
