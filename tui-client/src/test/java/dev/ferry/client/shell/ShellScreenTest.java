package dev.ferry.client.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.client.cli.ScreenModel;
import dev.ferry.client.term.Dimensions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the shell leaves on an 80-column terminal. The terminal's own echo of what the user types
 * is written into the same stream, where a terminal would put it.
 */
@Timeout(10)
class ShellScreenTest {
    final StringWriter written = new StringWriter();
    final ShellScreen screen = new ShellScreen(new PrintWriter(written), true, () -> new Dimensions(80, 24));

    List<String> shown() {
        return ScreenModel.render(written.toString(), 80);
    }

    /** The terminal echoing keys typed at the prompt. */
    void type(String keys) {
        written.write(keys);
    }

    void promptShows() {
        screen.prompt("Client01> ");
        screen.settle();
    }

    @Test
    void whatArrivesWhileThePromptShowsIsPrintedAboveItAndThePromptDrawnOnce() {
        promptShows();
        screen.print("Client02: hi");
        screen.print("! no such file: nope");
        screen.settle();
        assertThat(shown()).containsExactly("Client02: hi", "! no such file: nope", "Client01>");
    }

    @Test
    void aLineTypedStaysAsTypedAndItsReplyFollows() {
        promptShows();
        type("hello\n");
        screen.entered("hello");
        screen.settle();
        screen.print("hello ACK");
        screen.settle();
        assertThat(shown()).containsExactly("Client01> hello", "hello ACK", "Client01>");
    }

    @Test
    void whatWasTypedBeforeAnEventClearedTheLineIsShownWhenEnterIsPressed() {
        promptShows();
        type("hel");
        screen.print("* Client02 joined from 127.0.0.1:5000");
        screen.settle();
        type("lo\n");
        screen.entered("hello");
        assertThat(shown()).containsExactly("* Client02 joined from 127.0.0.1:5000", "Client01> hello");
    }

    @Test
    void theMeterIsRedrawnAboveThePromptWithoutDisturbingWhatIsBeingTyped() {
        promptShows();
        screen.meter("big.bin  10%");
        screen.settle();
        type("hi the");
        screen.meter("big.bin  50%");
        assertThat(shown()).containsExactly("big.bin  50%", "Client01> hi the");
        type("re");
        assertThat(shown()).containsExactly("big.bin  50%", "Client01> hi there");

        screen.print("downloading other.bin (1 B)");
        screen.settle();
        type("x\n");
        screen.entered("x");
        screen.settle();
        assertThat(shown()).containsExactly("downloading other.bin (1 B)", "Client01> x", "big.bin  50%", "Client01>");

        type("still");
        screen.meter(null);
        type(" typing");
        assertThat(shown()).containsExactly("downloading other.bin (1 B)", "Client01> x", "Client01> still typing");
    }

    @Test
    void theMeterIsNeverAsWideAsTheTerminal() {
        promptShows();
        screen.meter("x".repeat(200));
        screen.settle();
        assertThat(shown()).hasSize(2).allMatch(row -> row.length() < 80);
    }

    @Test
    void closingLeavesAnEmptyLineForWhateverComesNextAtOnce() {
        StringWriter flushed = new StringWriter();
        ShellScreen buffered = new ShellScreen(new PrintWriter(new java.io.BufferedWriter(flushed)), true,
                () -> new Dimensions(80, 24));
        buffered.prompt("Client01> ");
        buffered.settle();
        buffered.meter("big.bin  50%");
        buffered.settle();
        buffered.close();
        assertThat(ScreenModel.render(flushed + "$ ", 80)).containsExactly("$");
    }

    @Test
    void theEndOfInputTakesThePromptAwayAtOnce() {
        StringWriter flushed = new StringWriter();
        ShellScreen buffered = new ShellScreen(new PrintWriter(new java.io.BufferedWriter(flushed)), true,
                () -> new Dimensions(80, 24));
        buffered.prompt("Client01> ");
        buffered.settle();
        buffered.prompt(null);
        assertThat(ScreenModel.render(flushed + "$ ", 80)).containsExactly("$");
    }

    @Test
    void pipedThereIsNoPromptNoMeterAndNoEscapeSequence() {
        StringWriter piped = new StringWriter();
        ShellScreen plain = new ShellScreen(new PrintWriter(piped), false, () -> new Dimensions(80, 24));
        plain.prompt("Client01> ");
        plain.settle();
        plain.meter("big.bin  50%");
        plain.print("pong in 0.1 ms");
        plain.entered("ping");
        plain.settle();
        plain.print("Client02: \u001b[2Jhi");
        plain.close();
        assertThat(piped.toString()).isEqualTo(String.format("pong in 0.1 ms%nClient02: \uFFFD[2Jhi%n"));
    }
}
