package dev.ferry.client.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.SimpleTheme;
import com.googlecode.lanterna.graphics.Theme;
import com.googlecode.lanterna.gui2.TextBox;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import dev.ferry.protocol.Text;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;

/**
 * How each {@link Tone} looks: the 16 ANSI colours where they help (cyan for keys and the focused
 * frame, green for you and what verified, blue for folders, red, yellow and magenta for failures,
 * warnings and chat), or none at all (set {@code NO_COLOR}): then only bold and reverse video. Either way the terminal's own foreground and background stay the base, and
 * focus and selection are shown with reverse video, bold and markers, which every terminal has.
 */
final class Palette {

    /** A foreground colour and modifiers; the background is always the terminal's. */
    record Style(TextColor foreground, EnumSet<SGR> modifiers) {}

    private final Map<Tone, Style> styles = new EnumMap<>(Tone.class);

    private Palette(boolean colours) {
        for (Tone tone : Tone.values()) {
            styles.put(tone, colours ? coloured(tone) : plain(tone));
        }
    }

    /** The 16-colour palette. */
    static Palette colours() {
        return new Palette(true);
    }

    /** No colours: only bold and reverse video. */
    static Palette none() {
        return new Palette(false);
    }

    /** No colours when {@code NO_COLOR} is set to anything (see no-color.org), else colours. */
    static Palette fromEnvironment(Map<String, String> environment) {
        String noColor = environment.get("NO_COLOR");
        return noColor != null && !noColor.isEmpty() ? none() : colours();
    }

    Style style(Tone tone) {
        return styles.get(tone);
    }

    /** The theme for Lanterna's own components (the command line's text box, dialog frames). */
    SimpleTheme theme() {
        TextColor base = TextColor.ANSI.DEFAULT;
        SimpleTheme theme = new SimpleTheme(base, base);
        theme.getDefaultDefinition()
                .setSelected(base, base, SGR.REVERSE)
                .setActive(base, base, SGR.BOLD)
                .setPreLight(base, base, SGR.BOLD);
        theme.addOverride(TextBox.class, base, base)
                .setActive(base, base)
                .setSelected(base, base);
        return theme;
    }

    private static Style coloured(Tone tone) {
        return switch (tone) {
            case NORMAL -> style(TextColor.ANSI.DEFAULT);
            // not bright black: on Solarized-dark-like palettes that is the background colour itself
            case DIM -> style(TextColor.ANSI.DEFAULT);
            case HEADER -> style(TextColor.ANSI.DEFAULT, SGR.BOLD);
            case SELF -> style(TextColor.ANSI.GREEN, SGR.BOLD);
            case FOLDER -> style(TextColor.ANSI.BLUE, SGR.BOLD);
            case GOOD -> style(TextColor.ANSI.GREEN);
            case BAD -> style(TextColor.ANSI.RED, SGR.BOLD);
            case WARN -> style(TextColor.ANSI.YELLOW);
            case INFO -> style(TextColor.ANSI.CYAN);
            case CHAT -> style(TextColor.ANSI.MAGENTA);
            case KEY -> style(TextColor.ANSI.CYAN, SGR.BOLD);
        };
    }

    private static Style plain(Tone tone) {
        return switch (tone) {
            case HEADER, SELF, FOLDER, BAD, KEY -> style(TextColor.ANSI.DEFAULT, SGR.BOLD);
            default -> style(TextColor.ANSI.DEFAULT);
        };
    }

    private static Style style(TextColor foreground, SGR... modifiers) {
        EnumSet<SGR> set = EnumSet.noneOf(SGR.class);
        set.addAll(java.util.Arrays.asList(modifiers));
        return new Style(foreground, set);
    }

    /** Sets the graphics' colour and modifiers for a tone, in reverse video if asked. */
    void apply(TextGUIGraphics g, Tone tone, boolean reverse) {
        Style style = style(tone);
        EnumSet<SGR> modifiers = EnumSet.noneOf(SGR.class);
        modifiers.addAll(style.modifiers());
        if (reverse) {
            modifiers.add(SGR.REVERSE);
        }
        g.setForegroundColor(style.foreground());
        g.setBackgroundColor(TextColor.ANSI.DEFAULT);
        g.setModifiers(modifiers);
    }

    /**
     * Writes a line at a row, cut to {@code width} columns; a highlighted line is in reverse video
     * to the full width, so a selection shows without colours. Text reaching here should already be
     * printable; any control character left is drawn as U+FFFD all the same, because Lanterna
     * refuses C0 and DEL (the whole redraw would fail) and passes C1 and bidi overrides to the terminal.
     */
    void put(TextGUIGraphics g, int column, int row, StyledLine line, int width, boolean highlight) {
        int left = width;
        int x = column;
        for (StyledLine.Span span : line.spans()) {
            if (left <= 0) {
                break;
            }
            String whole = Text.printable(span.text());
            String text = StyledLine.fit(whole, left);
            apply(g, span.tone(), highlight);
            g.putString(x, row, text);
            int columns = TerminalTextUtils.getColumnWidth(text);
            x += columns;
            left = text.equals(whole) ? left - columns : 0;
        }
        if (highlight && left > 0) {
            apply(g, Tone.NORMAL, true);
            g.putString(x, row, " ".repeat(left));
        }
        apply(g, Tone.NORMAL, false);
    }
}
