package dev.ferry.daemon.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysFileTest {
    static final Instant NOW = Instant.parse("2026-12-07T14:00:00Z");

    @TempDir
    Path temp;

    @Test
    void anInvitationKeepsOnlyTheHashOfItsSecretInAFileOnlyTheOwnerCanRead() throws IOException {
        Path state = temp.resolve("state");
        KeyAdmin admin = new KeyAdmin(new KeysFile(state), Clock.fixed(NOW, ZoneOffset.UTC));

        KeyAdmin.NewKey made = admin.create("alice", false, Duration.ofDays(30));

        assertThat(made.secret()).hasSize(43).matches("[A-Za-z0-9_-]+");
        String text = Files.readString(state.resolve("keys"), StandardCharsets.UTF_8);
        assertThat(text).doesNotContain(made.secret()).contains(Secrets.hash(made.secret()));
        assertThat(Files.getPosixFilePermissions(state.resolve("keys"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(state)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(made.toString()).doesNotContain(made.secret());
        assertThat(admin.list()).containsExactly(new AccessKey(made.key().id(), "alice", Secrets.hash(made.secret()), NOW, null,
                false, NOW.plus(Duration.ofDays(30)), null));
    }

    @Test
    void everyFieldSurvivesARoundTrip() {
        AccessKey key = new AccessKey("0123abcd", "bob@laptop", "ab".repeat(32), NOW, NOW.plusSeconds(5), true,
                NOW.plusSeconds(60), NOW.plusSeconds(30));
        assertThat(KeysFile.parse(KeysFile.format(key))).isEqualTo(key);
    }

    @Test
    void twoSecretsAreNeverAlike() {
        assertThat(Secrets.newSecret()).isNotEqualTo(Secrets.newSecret());
    }

    @Test
    void keysAreRevokedByLabelOrIdAndKeptSoTheirUseIsToldApartFromAWrongKey() throws IOException {
        KeyAdmin admin = new KeyAdmin(new KeysFile(temp), Clock.fixed(NOW, ZoneOffset.UTC));
        KeyAdmin.NewKey alice = admin.create("alice", false, null);
        KeyAdmin.NewKey bob = admin.create(null, true, null);
        assertThat(bob.key().label()).isEqualTo("guest1");

        assertThat(admin.revoke("alice")).extracting(AccessKey::id).containsExactly(alice.key().id());
        assertThat(admin.revoke(bob.key().id())).extracting(AccessKey::label).containsExactly("guest1");

        assertThat(admin.list()).allSatisfy(k -> assertThat(k.status(NOW)).isEqualTo(AccessKey.Status.REVOKED));
        assertThatThrownBy(() -> admin.revoke("alice")).hasMessage("'alice' was revoked already");
        assertThatThrownBy(() -> admin.revoke("carol")).hasMessageContaining("no key has the id or label 'carol'");
    }

    @Test
    void aLabelInUseOrOneThatWouldGarbleATableIsRefused() throws IOException {
        KeyAdmin admin = new KeyAdmin(new KeysFile(temp), Clock.fixed(NOW, ZoneOffset.UTC));
        admin.create("alice", false, null);
        assertThatThrownBy(() -> admin.create("alice", true, null)).hasMessageContaining("labelled 'alice' already");
        assertThatThrownBy(() -> admin.create("a b", false, null)).hasMessageContaining("a label is 1 to 32");
        assertThatThrownBy(() -> admin.create("x".repeat(33), false, null)).hasMessageContaining("a label is 1 to 32");
        assertThat(admin.list()).hasSize(1);
    }

    @Test
    void aKeysFileThatIsNotKeysSaysWhichLine() throws IOException {
        Files.writeString(temp.resolve("keys"), "# comment\n0123abcd alice nonsense\n");
        assertThatThrownBy(() -> new KeysFile(temp).read()).isInstanceOf(IOException.class)
                .hasMessageContaining("line 2 is not a key");
    }

    @Test
    void aMissingFileHoldsNoKeys() throws IOException {
        assertThat(new KeysFile(temp.resolve("nowhere")).read()).isEqualTo(List.of());
    }
}
