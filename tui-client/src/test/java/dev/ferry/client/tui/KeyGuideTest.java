package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class KeyGuideTest {

    @Test
    void readmesKeyTableIsTheHelpsListRowForRow() throws IOException {
        Path here = Path.of("").toAbsolutePath();
        Path readme = Files.exists(here.resolve("README.md")) ? here.resolve("README.md") : here.getParent().resolve("README.md");
        List<String> lines = Files.readAllLines(readme);
        int start = lines.indexOf(KeyGuide.markdownTable().get(0));
        assertThat(start).as("README.md's key table header").isNotNegative();
        List<String> table = new ArrayList<>();
        for (int i = start; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            table.add(lines.get(i));
        }
        assertThat(table).containsExactlyElementsOf(KeyGuide.markdownTable());
    }

    @Test
    void theHelpFitsAnEightyByTwentyThreeTerminalInsideItsFrame() {
        List<StyledLine> lines = KeyGuide.helpLines();
        assertThat(lines).hasSizeLessThanOrEqualTo(23 - 2);
        assertThat(lines).allSatisfy(line -> assertThat(line.width()).as("'%s'", line).isLessThanOrEqualTo(80 - 2));
    }

    @Test
    void everyPlaceHasAHeadingAndEveryKeyItsLine() {
        List<String> text = KeyGuide.helpLines().stream().map(StyledLine::text).toList();
        for (KeyGuide.Place place : KeyGuide.Place.values()) {
            assertThat(text).contains(place.heading);
        }
        for (KeyGuide.Key key : KeyGuide.KEYS) {
            assertThat(text).anyMatch(line -> line.startsWith("  " + key.keys() + " ") && line.endsWith(key.what()));
        }
    }
}
