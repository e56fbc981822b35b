package dev.ferry.client.tui;

import com.googlecode.lanterna.gui2.Interactable;
import dev.ferry.client.FerryClient;
import dev.ferry.client.wording.Formats;
import dev.ferry.protocol.Text;
import java.nio.file.Path;

/**
 * The screen's top and bottom lines: who you are and where, or why you are offline; and the main
 * keys for where the focus is.
 */
final class StatusLines {
    private final TextBar top;
    private final TextBar bottom;
    private final String folder;

    StatusLines(TextBar top, TextBar bottom, Path folder) {
        this.top = top;
        this.bottom = bottom;
        this.folder = DownloadControl.display(folder);
    }

    /** Connected as {@code client}. */
    void online(FerryClient client) {
        top.show(new StyledLine().add(" Ferry ", Tone.KEY)
                        .add(" " + Text.printable(client.name()), Tone.SELF)
                        .add(" on " + Formats.hostPort(client.remote()))
                        .add("  " + Text.printable(client.server()), Tone.DIM),
                StyledLine.of("saving to " + folder + " ", Tone.DIM));
    }

    void connecting(String address) {
        top.show(new StyledLine().add(" Ferry ", Tone.KEY).add(" connecting to " + address + "…", Tone.WARN),
                new StyledLine());
    }

    /** Offline: the key that ends it first, so a long reason cannot push it off the line. */
    void offline(String reason) {
        top.show(new StyledLine().add(" Ferry ", Tone.KEY).add(" offline", Tone.BAD).add(" (")
                        .add("R", Tone.KEY).add(" reconnects): ").add(reason, Tone.BAD),
                new StyledLine());
    }

    /** Shows the keys for the focused part of the screen. */
    void keysFor(KeyHints.Place place, boolean offline, TransfersPane.Keys downloads) {
        bottom.show(KeyHints.line(place, offline, downloads), new StyledLine());
    }

    /** Says that {@code typed} does nothing in {@code pane}, and how to type a command instead; until the next hint. */
    void unusedKey(char typed, String pane) {
        bottom.show(new StyledLine().add(" " + Text.printable(String.valueOf(typed)), Tone.KEY)
                .add(" does nothing in " + pane + ": keys go to the pane; ", Tone.WARN).add(":", Tone.KEY)
                .add(" to type a command, ", Tone.WARN).add("?", Tone.KEY).add(" for keys", Tone.WARN), new StyledLine());
    }

    /** Where the focus is, as the key hints know it. */
    static KeyHints.Place place(Interactable focused, FilesPane files, Pane local, Pane connections, Pane downloads,
            Pane messages) {
        if (focused == files) {
            return files.typingFilter() ? KeyHints.Place.FILTER : KeyHints.Place.FILES;
        }
        if (focused == local) {
            return KeyHints.Place.LOCAL;
        }
        if (focused == connections) {
            return KeyHints.Place.CONNECTIONS;
        }
        if (focused == downloads) {
            return KeyHints.Place.DOWNLOADS;
        }
        return focused == messages ? KeyHints.Place.MESSAGES : KeyHints.Place.COMMAND_LINE;
    }
}
