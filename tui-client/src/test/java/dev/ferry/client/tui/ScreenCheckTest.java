package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The screen check finds what it is there to find, on screens made by hand. */
@Timeout(10)
class ScreenCheckTest {
    static final int COLUMNS = 40;
    static final int ROWS = 16;

    /** A whole 40x16 screen: Files 14 wide over Local, Connections 4 rows, Transfers 4, Messages the rest. */
    static List<String> good() {
        List<String> left = new ArrayList<>(box("[ Files ]", 14, 7, true));
        left.addAll(box(" Local ", 14, ROWS - 3 - 7, false));
        return screen(left, 26);
    }

    /** The same with Files (12 wide) and Local (10 wide) side by side. */
    static List<String> goodSideBySide() {
        List<String> files = box("[ Files ]", 12, ROWS - 3, true);
        List<String> local = box(" Local ", 10, ROWS - 3, false);
        List<String> left = new ArrayList<>();
        for (int i = 0; i < ROWS - 3; i++) {
            left.add(files.get(i) + local.get(i));
        }
        return screen(left, 18);
    }

    private static List<String> screen(List<String> left, int rightWidth) {
        List<String> lines = new ArrayList<>();
        lines.add(pad(" Ferry  Client01 on 127.0.0.1:1"));
        List<String> right = new ArrayList<>();
        right.addAll(box(" Connections ", rightWidth, 4, false));
        right.addAll(box(" Transfers ", rightWidth, 4, false));
        right.addAll(box(" Messages ", rightWidth, ROWS - 3 - 8, false));
        for (int i = 0; i < ROWS - 3; i++) {
            lines.add(left.get(i) + right.get(i));
        }
        lines.add(pad("Client01> "));
        lines.add(pad(" Enter get  ? help  q quit"));
        return lines;
    }

    static List<String> box(String title, int width, int height, boolean focused) {
        String h = focused ? "═" : "─";
        String v = focused ? "║" : "│";
        List<String> box = new ArrayList<>();
        box.add((focused ? "╔" : "┌") + h + title + h.repeat(width - 3 - title.length()) + (focused ? "╗" : "┐"));
        for (int i = 0; i < height - 2; i++) {
            box.add(v + " ".repeat(width - 2) + v);
        }
        box.add((focused ? "╚" : "└") + h.repeat(width - 2) + (focused ? "╝" : "┘"));
        return box;
    }

    static String pad(String text) {
        return text + " ".repeat(COLUMNS - text.length());
    }

    static String screen(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    @Test
    void aWholeScreenPasses() {
        assertThat(ScreenCheck.problems(screen(good()), COLUMNS, ROWS)).isEmpty();
        assertThat(ScreenCheck.problems(screen(goodSideBySide()), COLUMNS, ROWS)).isEmpty();
    }

    @Test
    void aScreenWithoutTheLocalFolderIsFound() {
        List<String> lines = good();
        for (int row = 8; row < ROWS - 2; row++) {
            lines.set(row, lines.get(row).substring(0, 14).replace('┌', '│').replace('└', '│').replace('┐', '│')
                    .replace('┘', '│').replaceAll("[─ Local]", " ").replaceAll("^.", "│").replaceAll(".$", "│")
                    + lines.get(row).substring(14));
        }
        lines.set(ROWS - 3, "└" + "─".repeat(12) + "┘" + lines.get(ROWS - 3).substring(14));
        lines.set(7, "│" + " ".repeat(12) + "│" + lines.get(7).substring(14));
        assertThat(ScreenCheck.problems(screen(lines), COLUMNS, ROWS)).containsExactly("no Local frame beside or under the Files frame");
    }

    @Test
    void aBrokenCornerIsFound() {
        List<String> lines = good();
        lines.set(5, lines.get(5).substring(0, 14) + "x" + lines.get(5).substring(15));
        assertThat(ScreenCheck.problems(screen(lines), COLUMNS, ROWS)).anyMatch(p -> p.startsWith("Transfers"));
    }

    @Test
    void aSideCutByTextFromInsideIsFound() {
        List<String> lines = good();
        lines.set(10, lines.get(10).substring(0, 30) + "overflowin");
        assertThat(ScreenCheck.problems(screen(lines), COLUMNS, ROWS)).anyMatch(p -> p.contains("side broken on line 10"));
    }

    @Test
    void aLeftoverPieceOfFrameUnderThePanesIsFound() {
        List<String> lines = good();
        lines.set(ROWS - 1, pad(" Enter get  ? help  q quit ──┘"));
        assertThat(ScreenCheck.problems(screen(lines), COLUMNS, ROWS)).anyMatch(p -> p.contains("outside the panes"));
    }

    @Test
    void aMissingTitleOrAMissingLineIsFound() {
        List<String> lines = good();
        lines.set(1, lines.get(1).replace(" Connections ", "─────────────"));
        assertThat(ScreenCheck.problems(screen(lines), COLUMNS, ROWS)).anyMatch(p -> p.contains("no title"));
        assertThat(ScreenCheck.problems(screen(good().subList(0, ROWS - 1)), COLUMNS, ROWS))
                .containsExactly("the screen has 15 lines, not 16");
    }
}
