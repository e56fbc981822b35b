package dev.ferry.client.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignalsTest {
    @TempDir
    Path folder;

    @Test
    void aMaskWithBitOneSetMeansSigintIsIgnored() throws Exception {
        Path status = Files.writeString(folder.resolve("status"), "Name:\tjava\nSigIgn:\t0000000000000002\nSigCgt:\t0\n");
        assertThat(Signals.ignored("INT", status)).isTrue();
        assertThat(Signals.ignored("HUP", status)).isFalse();
        assertThat(Signals.ignored("TERM", status)).isFalse();
    }

    @Test
    void aMaskWithoutItMeansSigintIsHandledAndAMissingFileTellsNothing() throws Exception {
        Path status = Files.writeString(folder.resolve("status"), "SigIgn:\t0000000000001000\n");
        assertThat(Signals.ignored("INT", status)).isFalse();
        assertThat(Signals.ignored("INT", folder.resolve("absent"))).isFalse();
    }
}
