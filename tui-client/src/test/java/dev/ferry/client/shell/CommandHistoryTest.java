package dev.ferry.client.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell's history and the TUI's are one file: what either runs, the other recalls. */
class CommandHistoryTest {
    @TempDir
    Path state;

    /** A line reader set up as the shell sets up its own, on a terminal of no consequence. */
    static LineReader shellReader(Path file) throws Exception {
        LineReader reader = LineReaderBuilder.builder().terminal(TerminalBuilder.builder().system(false).dumb(true)
                .streams(InputStream.nullInputStream(), OutputStream.nullOutputStream()).build()).build();
        CommandHistory.keepIn(reader, file);
        reader.getHistory().attach(reader);
        return reader;
    }

    static List<String> lines(History history) {
        List<String> lines = new ArrayList<>();
        history.forEach(entry -> lines.add(entry.line()));
        return lines;
    }

    @Test
    void whatTheShellRanTheTuiRecallsAndTheOtherWayRound() throws Exception {
        Path file = Files.createFile(state.resolve("history"));
        LineReader shell = shellReader(file);
        shell.getHistory().add("get sample.txt");
        shell.getHistory().add("say a line with \\\\ and \"quotes\"");

        History tui = CommandHistory.open(file);
        assertThat(lines(tui)).containsExactly("get sample.txt", "say a line with \\\\ and \"quotes\"");
        tui.add("msg Client02 hi");

        assertThat(lines(shellReader(file).getHistory()))
                .containsExactly("get sample.txt", "say a line with \\\\ and \"quotes\"", "msg Client02 hi");
    }

    @Test
    void withoutAFileHistoryLastsTheRun() {
        History memory = CommandHistory.open(null);
        memory.add("list");
        assertThat(lines(memory)).containsExactly("list");
    }
}
