package dev.ferry.client.tui;

import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import dev.ferry.client.wording.Formats;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The message log, newest at the bottom, long lines wrapped. It follows new entries until you
 * scroll up (arrows, Page Up/Down, Home); End follows again. While you read back, new entries do
 * not move what you are reading.
 */
final class MessagesPane extends Pane {
    private static final int TIME_WIDTH = "00:00:00 ".length();

    private final MessageLog log;
    private int back;
    private int lastWidth = 80;
    private int lastHeight = 10;

    MessagesPane(Palette palette, MessageLog log) {
        super("Messages", palette);
        this.log = log;
        log.onAdd(this::added);
    }

    @Override
    String info() {
        return back > 0 ? "End follows" : "";
    }

    @Override
    String scrollInfo() {
        return back > 0 ? "↓ " + back + " newer" : "";
    }

    @Override
    Result onKey(KeyStroke key) {
        int page = Math.max(1, lastHeight - 1);
        switch (key.getKeyType()) {
            case ArrowUp -> scroll(1);
            case ArrowDown -> scroll(-1);
            case PageUp -> scroll(page);
            case PageDown -> scroll(-page);
            case Home -> scroll(Integer.MAX_VALUE / 2);
            case End -> scroll(-back);
            default -> {
                return Result.UNHANDLED;
            }
        }
        return Result.HANDLED;
    }

    @Override
    void drawBody(TextGUIGraphics g, int width, int height) {
        lastWidth = width;
        lastHeight = height;
        if (log.size() == 0) {
            put(g, 0, 0, StyledLine.of("nothing yet: type below to talk to everyone", Tone.DIM), width, false);
            return;
        }
        int wanted = height + back;
        List<StyledLine> lines = new ArrayList<>();
        for (MessageLog.Entry entry : log.newestFirst()) {
            List<StyledLine> entryLines = lines(entry, width);
            Collections.reverse(entryLines);
            lines.addAll(entryLines);
            if (lines.size() >= wanted) {
                break;
            }
        }
        back = Math.max(0, Math.min(back, lines.size() - height));
        int y = height - 1;
        for (int i = back; i < lines.size() && y >= 0; i++, y--) {
            put(g, 0, y, lines.get(i), width, false);
        }
    }

    private void scroll(int lines) {
        back = Math.max(0, back + lines);
        invalidate();
    }

    private void added(MessageLog.Entry entry) {
        if (back > 0) {
            back += lines(entry, lastWidth).size();
        }
        invalidate();
    }

    /** An entry as display lines: the time, then the text wrapped, later lines indented under it. */
    private static List<StyledLine> lines(MessageLog.Entry entry, int width) {
        int textWidth = Math.max(10, width - TIME_WIDTH);
        List<StyledLine> lines = new ArrayList<>();
        String time = Formats.clock(entry.at()) + " ";
        for (String line : entry.text().split("\n", -1)) {
            List<String> wrapped = TerminalTextUtils.getColumnWidth(line) <= textWidth
                    ? List.of(line) : TerminalTextUtils.getWordWrappedText(textWidth, line);
            for (String part : wrapped) {
                StyledLine styled = new StyledLine();
                styled.add(lines.isEmpty() ? time : " ".repeat(TIME_WIDTH), Tone.DIM);
                styled.add(part, entry.kind().tone);
                lines.add(styled);
            }
        }
        return lines;
    }
}
