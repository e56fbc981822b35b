package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.access.AuthMode;
import dev.ferry.daemon.access.KeyAdmin;
import dev.ferry.daemon.access.KeysFile;
import dev.ferry.daemon.testing.FerrydExtension;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.RawUpload;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.ErrorReply;
import dev.ferry.protocol.Message.Put;
import dev.ferry.protocol.Message.PutDone;
import dev.ferry.protocol.Message.PutEnd;
import dev.ferry.protocol.Message.PutReady;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What one key's interrupted upload left on the server belongs to that key: another key that may
 * write cannot resume it, learn its digest, nor finish it under the name (which would publish the
 * first client's unverified bytes for anyone to GET), and the first key can still resume it.
 */
@Timeout(60)
class PartialOwnerTest {
    private static final int HELD = 300_000;

    @RegisterExtension
    final FerrydExtension ferryd = FerrydExtension.notStarted();

    TestDaemon daemon;

    @Test
    void anotherKeyNeitherResumesNorPublishesAPartialItDidNotWrite() throws Exception {
        Path repository = ferryd.repository();
        daemon = ferryd.start(b -> b.auth(AuthMode.KEYS).authPause(Duration.ZERO));
        KeyAdmin admin = new KeyAdmin(new KeysFile(daemon.daemon().config().stateDir()), Clock.systemUTC());
        String alice = admin.create("alice", true, null).secret();
        String mallory = admin.create("mallory", true, null).secret();
        byte[] secret = RawUpload.content(1 << 20, 11);

        RawClient first = connect(alice);
        PutReady ready = (PutReady) RawUpload.open(first, 1, new Put("secret.bin", secret.length, false, true));
        RawUpload upload = RawUpload.accepted(first, 1, ready);
        assertThat(upload.send(secret, 0, HELD, 64 * 1024)).isTrue();
        first.send(1, new Message.Cancel());
        assertThat(RawUpload.reply(first, 1)).isInstanceOfSatisfying(ErrorReply.class,
                error -> assertThat(error.code()).isEqualTo(ErrorCode.CANCELLED));

        RawClient other = connect(mallory);
        Message answer = RawUpload.open(other, 1, new Put("secret.bin", HELD, false, true));
        assertThat(answer).as("another key's PUT of the name").isInstanceOfSatisfying(PutReady.class, offered -> {
            assertThat(offered.offset()).as("bytes it is told the server holds").isZero();
            assertThat(offered.heldSha256()).isNotEqualTo(RawUpload.sha256(java.util.Arrays.copyOf(secret, HELD)));
        });
        other.send(1, new Message.Cancel());
        RawUpload.reply(other, 1);
        Message grab = RawUpload.open(other, 2, new Put("secret.bin", HELD, false, true));
        if (grab instanceof PutReady offered && offered.offset() == HELD) {
            other.send(2, new PutEnd(offered.heldSha256())); // would publish alice's unverified bytes
            assertThat(RawUpload.reply(other, 2)).isNotInstanceOf(PutDone.class);
        } else if (grab instanceof PutReady) {
            other.send(2, new Message.Cancel());
            RawUpload.reply(other, 2);
        }
        assertThat(repository.resolve("secret.bin")).as("nothing published under the name").doesNotExist();

        first.close();
        RawClient back = connect(alice);
        PutReady resumed = (PutReady) RawUpload.open(back, 1, new Put("secret.bin", secret.length, false, true));
        assertThat(resumed.offset()).as("what alice's key is told it holds").isEqualTo(HELD);
        RawUpload rest = RawUpload.accepted(back, 1, resumed);
        assertThat(rest.send(secret, HELD, secret.length, 64 * 1024)).isTrue();
        assertThat(rest.finish(secret)).isInstanceOf(PutDone.class);
        assertThat(Files.readAllBytes(repository.resolve("secret.bin"))).isEqualTo(secret);
        Figures.record("partial owners", "a 1 MiB upload by key alice cancelled at " + HELD + " bytes: key mallory's"
                + " PUT of the name with resume was offered 0 bytes and nothing was published; alice resumed from "
                + HELD + " and the file verified whole");
    }

    private RawClient connect(String secret) throws Exception {
        return ferryd.client(secret);
    }
}
