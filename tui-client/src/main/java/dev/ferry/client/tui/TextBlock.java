package dev.ferry.client.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.AbstractComponent;
import com.googlecode.lanterna.gui2.ComponentRenderer;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import java.util.List;

/**
 * Lines of styled text that only show: the body of the help and of dialogs. Where the screen is
 * too short for them all, the last line left says how many more there are, and {@link #scroll}
 * moves through them.
 */
final class TextBlock extends AbstractComponent<TextBlock> {
    private final Palette palette;
    private List<StyledLine> lines;
    private int top;
    private int lastRows;

    TextBlock(Palette palette, List<StyledLine> lines) {
        this.palette = palette;
        this.lines = List.copyOf(lines);
    }

    /** Shows other lines. */
    void show(List<StyledLine> text) {
        this.lines = List.copyOf(text);
        top = 0;
        invalidate();
    }

    List<StyledLine> lines() {
        return lines;
    }

    /** Moves the lines shown by {@code by} (down if positive), where they do not all fit. */
    void scroll(int by) {
        top = Math.max(0, Math.min(top + by, Math.max(0, lines.size() - lastRows + 1)));
        invalidate();
    }

    @Override
    protected ComponentRenderer<TextBlock> createDefaultRenderer() {
        return new ComponentRenderer<>() {
            @Override
            public TerminalSize getPreferredSize(TextBlock block) {
                int width = block.lines.stream().mapToInt(StyledLine::width).max().orElse(1);
                return new TerminalSize(width, block.lines.size());
            }

            @Override
            public void drawComponent(TextGUIGraphics g, TextBlock block) {
                palette.apply(g, Tone.NORMAL, false);
                g.fill(' ');
                int width = g.getSize().getColumns();
                int rows = g.getSize().getRows();
                block.lastRows = rows;
                List<StyledLine> all = block.lines;
                boolean clipped = all.size() > rows;
                if (!clipped) {
                    block.top = 0;
                }
                int first = Math.min(block.top, Math.max(0, all.size() - rows + 1));
                int room = clipped ? rows - 1 : rows;
                for (int row = 0; row < room && first + row < all.size(); row++) {
                    palette.put(g, 0, row, all.get(first + row), width, false);
                }
                if (clipped && rows > 0) {
                    int after = Math.max(0, all.size() - first - room);
                    String more = after > 0 ? "↓ " + after + " more (↑ ↓ scroll)" : "↑ ↓ scroll";
                    palette.put(g, 0, rows - 1, StyledLine.of(more, Tone.DIM), width, false);
                }
            }
        };
    }
}
