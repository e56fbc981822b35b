package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.access.AuthMode;
import dev.ferry.daemon.access.KeyAdmin;
import dev.ferry.daemon.access.KeysFile;
import dev.ferry.daemon.testing.FerrydExtension;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.RawUpload;
import dev.ferry.daemon.testing.SettableClock;
import dev.ferry.daemon.testing.SettableTicker;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.Put;
import dev.ferry.protocol.Message.PutDone;
import dev.ferry.protocol.Message.PutReady;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A key that stops letting its client write while an upload is on its way (revoked by another
 * process, or expired) puts nothing in place: the daemon asks again at the commit, not only at the
 * PUT, so the upload's last frame cannot slip in between the change and the watchdog's next look.
 */
@Timeout(60)
class KeyLostMidUploadTest {
    @RegisterExtension
    final FerrydExtension ferryd = FerrydExtension.notStarted();

    final SettableClock clock = new SettableClock();
    TestDaemon daemon;
    KeyAdmin admin;
    Path repository;

    @Test
    void anUploadWhoseKeyExpiresBeforeItsLastFrameIsNotPutInPlace() throws Exception {
        start();
        String secret = admin.create("erin", true, Duration.ofHours(1)).secret();
        Message reply = uploadLosingTheKey(secret, () -> clock.advance(Duration.ofMinutes(61)));
        assertThat(reply instanceof PutDone).as("what the expired key's PUT_END got: " + reply).isFalse();
        assertThat(repository.resolve("late.bin")).as("the upload put in place").doesNotExist();
        Figures.record("key lost mid-upload", "a key that expired between an upload's last data and its PUT_END put"
                + " nothing in place");
    }

    @Test
    void anUploadWhoseKeyIsRevokedBeforeItsLastFrameIsNotPutInPlace() throws Exception {
        start();
        String secret = admin.create("frank", true, null).secret();
        Message reply = uploadLosingTheKey(secret, () -> admin.revoke("frank"));
        assertThat(reply instanceof PutDone).as("what the revoked key's PUT_END got: " + reply).isFalse();
        assertThat(repository.resolve("late.bin")).as("the upload put in place").doesNotExist();
    }

    @Test
    void aKeyThatStillMayWriteCommitsAsBefore() throws Exception {
        start();
        String secret = admin.create("grace", true, Duration.ofHours(1)).secret();
        assertThat(uploadLosingTheKey(secret, () -> clock.advance(Duration.ofMinutes(59))))
                .isInstanceOf(PutDone.class);
        assertThat(repository.resolve("late.bin")).exists();
    }

    interface Change {
        void apply() throws IOException;
    }

    /**
     * Uploads all of a file, makes the change, then sends PUT_END at once; the reply, or null if the
     * session ended first (the watchdog may see the change before the PUT_END arrives).
     */
    private Message uploadLosingTheKey(String secret, Change change) throws IOException {
        byte[] content = RawUpload.content(256 * 1024, 5);
        try (RawClient client = RawClient.admitted(daemon.address(), secret)) {
            PutReady ready = (PutReady) RawUpload.open(client, 1, new Put("late.bin", content.length, false, false));
            RawUpload upload = RawUpload.accepted(client, 1, ready);
            assertThat(upload.send(content, 0, content.length, 64 * 1024)).isTrue();
            change.apply();
            try {
                return upload.finish(content);
            } catch (IOException ended) { // the watchdog ended the session first: nothing was committed either
                return null;
            }
        }
    }

    private void start() throws IOException {
        repository = ferryd.repository();
        daemon = ferryd.start(b -> b.auth(AuthMode.KEYS).authPause(Duration.ZERO), new SettableTicker(), clock);
        admin = new KeyAdmin(new KeysFile(daemon.daemon().config().stateDir()), clock);
    }
}
