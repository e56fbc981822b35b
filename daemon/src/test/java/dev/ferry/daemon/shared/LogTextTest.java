package dev.ferry.daemon.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void controlCharactersAreEscapedSoOneLineStaysOneLine() {
        assertThat(LogText.clip("a\nFAKE LINE\r\t\u001b[2J\u0000\u007f\u0085"))
                .isEqualTo("a\\nFAKE LINE\\r\\t\\u001B[2J\\u0000\\u007F\\u0085");
    }

    @Test
    void marksThatReorderOrHideTextAreEscapedToo() {
        assertThat(LogText.clip("x\u202Etxt.exe\u200B\u2066")).isEqualTo("x\\u202Etxt.exe\\u200B\\u2066");
    }

    @Test
    void longTextIsCutAndSaysHowLongItWas() {
        String clipped = LogText.clip("é".repeat(998));
        assertThat(clipped).isEqualTo("é".repeat(LogText.MAX_CHARS) + "… (998 characters)");
    }

    @Test
    void textWithinTheLimitIsKeptAsItIs() {
        assertThat(LogText.clip("Ünïcode names/stay.txt")).isEqualTo("Ünïcode names/stay.txt");
        assertThat(LogText.clip("a\\b")).isEqualTo("a\\\\b");
        assertThat(LogText.clip(null)).isEqualTo("null");
    }
}
