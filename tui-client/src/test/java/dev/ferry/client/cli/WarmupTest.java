package dev.ferry.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class WarmupTest {

    @Test
    void everyClassTheWarmUpLoadsExists() {
        // a class moved to another package would end the warm-up early, silently
        ClassLoader loader = Warmup.class.getClassLoader();
        for (String name : Warmup.CLASSES) {
            assertThatCode(() -> Class.forName(name, false, loader)).as(name).doesNotThrowAnyException();
        }
    }

    @Test
    void tlsIsPreparedUnlessTheCommandCannotUseIt() {
        assertThat(Warmup.wantsTls("get", "notes.txt")).isTrue();
        assertThat(Warmup.wantsTls()).isTrue();
        assertThat(Warmup.wantsTls("--no-tls", "get", "notes.txt")).isFalse();
        assertThat(Warmup.wantsTls("get", "--help")).isFalse();
        assertThat(Warmup.wantsTls("--version")).isFalse();
        // after "--" every word is a name, whatever it looks like
        assertThat(Warmup.wantsTls("get", "--", "--no-tls")).isTrue();
    }
}
