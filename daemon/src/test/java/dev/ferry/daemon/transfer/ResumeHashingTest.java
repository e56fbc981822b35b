package dev.ferry.daemon.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.FerrydExtension;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.RawUpload;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.ErrorReply;
import dev.ferry.protocol.Message.Put;
import dev.ferry.protocol.Message.PutReady;
import dev.ferry.protocol.Wire;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A resume hashes what the server holds of the file before PUT_READY can say its digest: a second
 * or two per GiB. That runs off the session's reader, so the session answers its other requests
 * meanwhile. The test holds the hashing in a queue it runs by hand: while the task waits there, a
 * PING and a LIST are answered; once it runs, PUT_READY comes with the right offset and digest.
 */
@Timeout(60)
class ResumeHashingTest {
    private static final int SIZE = 6 << 20;
    private static final int HELD = 4 << 20;

    @RegisterExtension
    final FerrydExtension ferryd = FerrydExtension.withUploads();

    final BlockingQueue<Runnable> hashing = new LinkedBlockingQueue<>();
    final byte[] content = RawUpload.content(SIZE, 5);
    RawClient client;

    @BeforeEach
    void holdAPartial() throws Exception {
        client = ferryd.client();
        PutReady first = (PutReady) RawUpload.open(client, 1, new Put("resumed.bin", SIZE, false));
        assertThat(RawUpload.accepted(client, 1, first).send(content, 0, HELD, 1 << 20)).isTrue();
        client.send(1, new Message.Cancel());
        assertThat(RawUpload.reply(client, 1)).isInstanceOfSatisfying(ErrorReply.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        ferryd.daemon().daemon().uploads().prefixHashing(hashing::add);
    }

    @Test
    void theSessionAnswersWhileAResumesPrefixIsHashed() throws Exception {
        client.send(2, new Put("resumed.bin", SIZE, false));
        Runnable hash = hashing.poll(10, TimeUnit.SECONDS);
        assertThat(hash).as("the prefix's hashing, handed off the reader").isNotNull();

        client.send(3, new Message.Ping(3));
        assertThat(RawUpload.reply(client, 3)).isEqualTo(new Message.Pong(3));
        client.send(4, new Message.ListFiles());
        assertThat(RawUpload.reply(client, 4)).isInstanceOf(Message.FileList.class);

        hash.run();
        Message ready = RawUpload.reply(client, 2);
        assertThat(ready).isInstanceOfSatisfying(PutReady.class, r -> {
            assertThat(r.offset()).isEqualTo(HELD);
            assertThat(r.heldSha256()).isEqualTo(RawUpload.sha256(Arrays.copyOf(content, HELD)));
        });
        RawUpload rest = RawUpload.accepted(client, 2, (PutReady) ready);
        assertThat(rest.send(content, HELD, SIZE, 1 << 20)).isTrue();
        assertThat(rest.finish(content)).isInstanceOf(Message.PutDone.class);
        assertThat(Files.readAllBytes(ferryd.repository().resolve("resumed.bin"))).isEqualTo(content);
        assertThat(rest.sent()).isEqualTo(SIZE - HELD);
    }

    @Test
    void aResumeCancelledWhileItsPrefixIsHashedSendsNoPutReady() throws Exception {
        client.send(2, new Put("resumed.bin", SIZE, false));
        Runnable hash = hashing.poll(10, TimeUnit.SECONDS);
        assertThat(hash).isNotNull();
        client.send(2, new Message.Cancel());
        assertThat(RawUpload.reply(client, 2)).isInstanceOfSatisfying(ErrorReply.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));

        hash.run(); // finds the upload stopped: says nothing
        client.send(3, new Message.Ping(3));
        Frame next = client.next();
        while (next.id() == Wire.NO_ID) { // events
            next = client.next();
        }
        assertThat(next.id()).as("the next reply after the CANCEL's: no PUT_READY came for 2").isEqualTo(3);
        assertThat(next.message()).isEqualTo(new Message.Pong(3));
        ferryd.daemon().daemon().uploads().prefixHashing(Runnable::run);
        PutReady again = (PutReady) RawUpload.open(client, 4, new Put("resumed.bin", SIZE, false));
        assertThat(again.offset()).as("the partial is kept for a resume").isEqualTo(HELD);
    }
}
