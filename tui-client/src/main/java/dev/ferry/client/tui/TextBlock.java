package dev.ferry.client.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.AbstractComponent;
import com.googlecode.lanterna.gui2.ComponentRenderer;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import java.util.List;

/** Lines of styled text that only show: the body of the help and of dialogs. */
final class TextBlock extends AbstractComponent<TextBlock> {
    private final Palette palette;
    private final List<StyledLine> lines;

    TextBlock(Palette palette, List<StyledLine> lines) {
        this.palette = palette;
        this.lines = List.copyOf(lines);
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
                for (int row = 0; row < block.lines.size() && row < g.getSize().getRows(); row++) {
                    palette.put(g, 0, row, block.lines.get(row), width, false);
                }
            }
        };
    }
}
