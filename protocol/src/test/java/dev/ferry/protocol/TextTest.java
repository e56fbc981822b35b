package dev.ferry.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void plainTextIsLeftAlone() {
        assertThat(Text.firstForbidden("café ☕ 日本語 (ok)")).isEqualTo(-1);
        assertThat(Text.printable("café ☕")).isEqualTo("café ☕");
    }

    @Test
    void terminalEscapesAndBidiOverridesAreNeutralised() {
        assertThat(Text.firstForbidden("red\u001b[31m")).isEqualTo(0x1b);
        assertThat(Text.printable("\u001b[2Jgone")).isEqualTo("\uFFFD[2Jgone");
        assertThat(Text.printable("evil\u202etxt.exe")).isEqualTo("evil\uFFFDtxt.exe");
        assertThat(Text.printable("c1\u009bx\u007f")).isEqualTo("c1\uFFFDx\uFFFD");
    }

    @Test
    void multiLineTextKeepsItsLineBreaksOnly() {
        assertThat(Text.printableLines("list\n\tget\u001b\nexit")).isEqualTo("list\n\uFFFDget\uFFFD\nexit");
    }
}
