package dev.ferry.client.tui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.gui2.WindowBasedTextGUI;
import com.googlecode.lanterna.gui2.WindowDecorationRenderer;
import dev.ferry.protocol.Text;

/**
 * The frame of a dialog (a question, the help), drawn as the focused pane's is: a double line,
 * the title in brackets and reverse video after {@code ═}, so a dialog reads as part of the same
 * screen and the one taking keys shows without colours too.
 */
final class DialogFrame implements WindowDecorationRenderer {
    private final Palette palette;

    DialogFrame(Palette palette) {
        this.palette = palette;
    }

    @Override
    public TextGUIGraphics draw(WindowBasedTextGUI textGUI, TextGUIGraphics g, Window window) {
        TerminalSize size = g.getSize();
        int width = size.getColumns();
        int height = size.getRows();
        if (width < 2 || height < 2) {
            return g.newTextGraphics(TerminalPosition.TOP_LEFT_CORNER, TerminalSize.ZERO);
        }
        palette.apply(g, Tone.KEY, false);
        g.fill(' ');
        g.drawLine(1, 0, width - 2, 0, '═');
        g.drawLine(1, height - 1, width - 2, height - 1, '═');
        g.drawLine(0, 1, 0, height - 2, '║');
        g.drawLine(width - 1, 1, width - 1, height - 2, '║');
        g.setCharacter(0, 0, '╔');
        g.setCharacter(width - 1, 0, '╗');
        g.setCharacter(0, height - 1, '╚');
        g.setCharacter(width - 1, height - 1, '╝');
        String title = window.getTitle() == null ? "" : Text.printable(window.getTitle());
        if (!title.isEmpty() && width > 6) {
            palette.apply(g, Tone.HEADER, true);
            g.putString(2, 0, StyledLine.fit("[ " + title + " ]", width - 4));
        }
        palette.apply(g, Tone.NORMAL, false);
        return g.newTextGraphics(new TerminalPosition(1, 1), new TerminalSize(width - 2, height - 2));
    }

    @Override
    public TerminalSize getDecoratedSize(Window window, TerminalSize content) {
        int title = window.getTitle() == null ? 0 : TerminalTextUtils.getColumnWidth("[ " + window.getTitle() + " ]") + 4;
        return new TerminalSize(Math.max(content.getColumns() + 2, title), content.getRows() + 2);
    }

    @Override
    public TerminalPosition getOffset(Window window) {
        return new TerminalPosition(1, 1);
    }
}
