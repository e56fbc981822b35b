package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class UiErrorsTest {
    final List<String> shown = new ArrayList<>();
    final UiErrors errors = new UiErrors(shown::add);

    @Test
    void aBugOnTheGuiThreadIsOneLineOnScreenAndTheUiGoesOn() {
        boolean stop = errors.onRuntimeException(new IllegalStateException("no such row"));

        assertThat(stop).isFalse();
        assertThat(shown).containsExactly("internal error: java.lang.IllegalStateException: no such row (details in the log)");
        assertThat(errors.fatal()).isNull();
    }

    @Test
    void errorsThatKeepComingStopTheUiWithAReason() {
        boolean stop = false;
        for (int i = 0; i <= UiErrors.BURST && !stop; i++) {
            stop = errors.onRuntimeException(new IllegalStateException("again"));
        }

        assertThat(stop).isTrue();
        assertThat(errors.fatal()).isEqualTo("internal error: java.lang.IllegalStateException: again");
    }

    @Test
    void aFailingTerminalStopsTheUi() {
        assertThat(errors.onIOException(new IOException("Input/output error"))).isTrue();
        assertThat(errors.fatal()).isEqualTo("the terminal failed: Input/output error");
    }
}
