package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineEditorTest {
    final LineEditor line = new LineEditor();

    @Test
    void ctrlUKillsToTheStartSoTheNextLineIsTypedAfresh() {
        line.insert("get sam");
        line.killToStart();
        line.insert("get big.bin");
        assertThat(line.text()).isEqualTo("get big.bin");
    }

    @Test
    void ctrlWThenCtrlAThenCtrlEThenCtrlKEditInsteadOfTyping() {
        line.insert("abc def");
        line.killWordBack();
        assertThat(line.text()).isEqualTo("abc ");
        line.home();
        line.insert(">");
        line.end();
        line.insert("xyz");
        line.home();
        line.right();
        line.killToEnd();
        assertThat(line.text()).isEqualTo(">");
        line.yank();
        assertThat(line.text()).isEqualTo(">abc xyz");
    }

    @Test
    void altBAndAltFMoveByWords() {
        line.insert("get my-notes.txt now");
        line.wordBack();
        assertThat(line.cursor()).isEqualTo("get my-notes.txt ".length());
        line.wordBack();
        line.wordBack();
        assertThat(line.cursor()).isEqualTo("get my-".length());
        line.wordForward();
        assertThat(line.cursor()).isEqualTo("get my-notes".length());
        line.insert("2");
        assertThat(line.text()).isEqualTo("get my-notes2.txt now");
    }

    @Test
    void aCompletionReplacesTheWordBeforeTheCursor() {
        line.insert("get sam");
        line.replaceBefore(4, "sample.txt ");
        assertThat(line.text()).isEqualTo("get sample.txt ");
        assertThat(line.cursor()).isEqualTo(line.text().length());
    }
}
