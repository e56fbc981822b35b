package dev.ferry.client.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.AbstractComponent;
import com.googlecode.lanterna.gui2.ComponentRenderer;
import com.googlecode.lanterna.gui2.TextGUIGraphics;

/**
 * A line of the screen that only shows things: the connection at the top, the keys at the
 * bottom. Text on the left, and on the right if it fits.
 */
final class TextBar extends AbstractComponent<TextBar> {
    private final Palette palette;
    private StyledLine left = new StyledLine();
    private StyledLine right = new StyledLine();

    TextBar(Palette palette) {
        this.palette = palette;
    }

    void show(StyledLine leftText, StyledLine rightText) {
        this.left = leftText;
        this.right = rightText;
        invalidate();
    }

    @Override
    protected ComponentRenderer<TextBar> createDefaultRenderer() {
        return new ComponentRenderer<>() {
            @Override
            public TerminalSize getPreferredSize(TextBar bar) {
                return new TerminalSize(bar.left.width() + bar.right.width() + 1, 1);
            }

            @Override
            public void drawComponent(TextGUIGraphics g, TextBar bar) {
                int width = g.getSize().getColumns();
                palette.apply(g, Tone.NORMAL, false);
                g.fill(' ');
                palette.put(g, 0, 0, bar.left, width, false);
                int rightWidth = bar.right.width();
                if (rightWidth > 0 && bar.left.width() + 2 + rightWidth <= width) {
                    palette.put(g, width - rightWidth, 0, bar.right, rightWidth, false);
                }
            }
        };
    }
}
