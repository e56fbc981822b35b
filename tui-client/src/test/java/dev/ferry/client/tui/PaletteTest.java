package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TextColor;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class PaletteTest {

    @Test
    void noColorSetToAnythingTurnsEveryColourOff() {
        for (String value : new String[] {"1", "true", "0"}) {
            Palette palette = Palette.fromEnvironment(Map.of("NO_COLOR", value));
            for (Tone tone : Tone.values()) {
                assertThat(palette.style(tone).foreground()).as("%s with NO_COLOR=%s", tone, value)
                        .isEqualTo(TextColor.ANSI.DEFAULT);
            }
        }
    }

    @Test
    void withoutNoColorOrWithItEmptyThereAreColours() {
        for (Map<String, String> environment : java.util.List.of(Map.<String, String>of(), Map.of("NO_COLOR", ""))) {
            Palette palette = Palette.fromEnvironment(environment);
            assertThat(palette.style(Tone.BAD).foreground()).as("%s", environment).isEqualTo(TextColor.ANSI.RED);
            assertThat(palette.style(Tone.GOOD).foreground()).isEqualTo(TextColor.ANSI.GREEN);
        }
    }

    @Test
    void dimTextIsInTheTerminalsOwnColourSoNoBackgroundCanHideIt() {
        assertThat(Palette.colours().style(Tone.DIM).foreground()).isEqualTo(TextColor.ANSI.DEFAULT);
        assertThat(Palette.none().style(Tone.DIM).foreground()).isEqualTo(TextColor.ANSI.DEFAULT);
    }
}
