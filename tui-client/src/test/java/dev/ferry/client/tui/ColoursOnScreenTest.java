package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import dev.ferry.client.fake.FakeServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The colours a whole screen is drawn in, cell by cell on Lanterna's virtual terminal: more than
 * cyan, all from the 16 ANSI colours, and with {@code NO_COLOR} none at all, only bold and reverse.
 */
@Timeout(60)
class ColoursOnScreenTest {
    @TempDir
    Path here;

    FakeServer server;
    TuiHarness tui;

    @BeforeEach
    void serve() throws Exception {
        Files.createDirectories(here.resolve("docs"));
        server = FakeServer.stallingAtHalf(1 << 16).start();
    }

    @AfterEach
    void stop() throws Exception {
        if (tui != null) {
            tui.close();
        }
        server.close();
    }

    private Set<TextCharacter> cells(Palette palette) throws Exception {
        tui = TuiHarness.start(server.port(), here, palette, new TerminalSize(120, 40));
        tui.awaitInPane("Local", "docs/");
        tui.awaitInPane("Connections", "connected (you)");
        Set<TextCharacter> cells = new HashSet<>();
        for (int row = 0; row < 40; row++) {
            for (int column = 0; column < 120; column++) {
                cells.add(tui.cell(column, row));
            }
        }
        return cells;
    }

    @Test
    void withColoursTheScreenUsesMoreThanCyanAndOnlyTheSixteenAnsiColours() throws Exception {
        Set<TextColor> foregrounds = new HashSet<>();
        for (TextCharacter cell : cells(Palette.colours())) {
            foregrounds.add(cell.getForegroundColor());
            assertThat(cell.getBackgroundColor()).isEqualTo(TextColor.ANSI.DEFAULT);
        }
        assertThat(foregrounds).allMatch(colour -> colour instanceof TextColor.ANSI)
                .contains(TextColor.ANSI.CYAN, TextColor.ANSI.GREEN, TextColor.ANSI.BLUE);
    }

    @Test
    void withNoColorEveryCellIsInTheTerminalsOwnColoursWithOnlyBoldAndReverse() throws Exception {
        Set<SGR> modifiers = EnumSet.noneOf(SGR.class);
        for (TextCharacter cell : cells(Palette.none())) {
            assertThat(cell.getForegroundColor()).isEqualTo(TextColor.ANSI.DEFAULT);
            assertThat(cell.getBackgroundColor()).isEqualTo(TextColor.ANSI.DEFAULT);
            modifiers.addAll(cell.getModifiers());
        }
        assertThat(modifiers).isSubsetOf(SGR.BOLD, SGR.REVERSE).contains(SGR.BOLD, SGR.REVERSE);
    }
}
