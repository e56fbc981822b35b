package dev.ferry.client.tui;

import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.ferry.client.wording.Formats;
import dev.ferry.protocol.Message.FileEntry;
import dev.ferry.protocol.NameOrder;
import dev.ferry.protocol.Text;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The repository's files with their sizes, sorted by name as the server sorts them
 * ({@link NameOrder}: case ignored, accented letters beside plain ones; sorted here again, so an
 * older server's list reads the same). A name too long for the pane is cut in the middle, keeping
 * its ending, so names that differ only there stay apart. Enter downloads the
 * selected file; {@code /} starts a filter that narrows the list as you type (any part of the
 * name, any case), Backspace edits it and Esc clears it. A name is shown made printable (control
 * characters as U+FFFD) and asked for exactly as the server sent it.
 */
final class FilesPane extends ListPane {

    /** A file as listed: the name the server knows it by, and the name as shown. */
    private record Listed(FileEntry file, String shown) {
        String name() {
            return file.name();
        }
    }

    private final Consumer<String> download;
    private List<Listed> all = List.of();
    private List<Listed> shown = List.of();
    private String filter = "";
    private boolean typing;
    private boolean loaded;
    private int sizeWidth;
    /** Columns the longest row of the whole list takes: size, gap, name. */
    private int longest;

    FilesPane(Palette palette, Consumer<String> download) {
        super("Files", palette);
        this.download = download;
    }

    /**
     * Shows a new list, keeping the selection on the same file where it is still there, and at
     * the same place in the list where it is gone.
     */
    void show(List<FileEntry> files) {
        String before = selectedName();
        int at = selected();
        Comparator<String> byName = NameOrder.comparator();
        all = files.stream().sorted((a, b) -> byName.compare(a.name(), b.name()))
                .map(file -> new Listed(file, Text.printable(file.name()))).toList();
        loaded = true;
        longest = all.stream().mapToInt(f -> Formats.size(f.file().size()).length()).max().orElse(0) + 2
                + all.stream().mapToInt(f -> TerminalTextUtils.getColumnWidth(f.shown())).max().orElse(0);
        refilter(before, at);
    }

    /** The names of every file, for the command line to recognise a name typed alone. */
    Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        all.forEach(file -> names.add(file.name()));
        return names;
    }

    /** The selected file's name, or null if the list is empty. */
    String selectedName() {
        return shown.isEmpty() ? null : shown.get(selected()).name();
    }

    /** True while keys go to the filter. */
    boolean typingFilter() {
        return typing;
    }

    @Override
    String info() {
        if (typing || !filter.isEmpty()) {
            return "/" + filter + (typing ? "_" : "") + "  " + shown.size() + " of " + all.size();
        }
        return loaded ? count() : "";
    }

    private String count() {
        return all.size() == 1 ? "1 file" : all.size() + " files";
    }

    @Override
    boolean infoMatters() {
        return typing || !filter.isEmpty();
    }

    @Override
    String info(int columns) {
        String full = info();
        if (TerminalTextUtils.getColumnWidth(full) <= columns || (!typing && filter.isEmpty())) {
            return full;
        }
        return "/" + filter + (typing ? "_" : "") + " " + shown.size() + "/" + all.size();
    }

    /** As wide as the longest name of the whole list, so a filter does not move the panes. */
    @Override
    int wantedColumns() {
        return loaded ? Math.max(framed(longest), titleColumns(count())) : 0;
    }

    /** As tall as the whole list, so a filter does not move the panes. */
    @Override
    int wantedRows() {
        return 2 + Math.max(1, all.size());
    }

    @Override
    int rowCount() {
        return shown.size();
    }

    @Override
    void prepare(int width) {
        sizeWidth = shown.stream().mapToInt(f -> Formats.size(f.file().size()).length()).max().orElse(0);
    }

    @Override
    List<StyledLine> row(int index, int width) {
        Listed file = shown.get(index);
        String size = Formats.size(file.file().size());
        return List.of(new StyledLine()
                .add(" ".repeat(sizeWidth - size.length()) + size, Tone.DIM)
                .add("  " + StyledLine.fitMiddle(file.shown(), width - sizeWidth - 2)));
    }

    @Override
    String emptyText() {
        if (!loaded) {
            return "loading…";
        }
        return all.isEmpty() ? "no files on the server" : "nothing matches /" + filter + " (Esc clears)";
    }

    @Override
    void activate(int index) {
        typing(false);
        download.accept(shown.get(index).name());
        invalidate();
    }

    @Override
    Result onOtherKey(KeyStroke key) {
        if (typing) {
            return editFilter(key);
        }
        if (isPlain(key, '/')) {
            typing(true);
            invalidate();
            return Result.HANDLED;
        }
        if (key.getKeyType() == KeyType.Escape && !filter.isEmpty()) {
            setFilter("");
            return Result.HANDLED;
        }
        return Result.UNHANDLED;
    }

    @Override
    protected void afterLeaveFocus(FocusChangeDirection direction, Interactable nextInFocus) {
        typing = false;
        super.afterLeaveFocus(direction, nextInFocus);
    }

    private void typing(boolean value) {
        if (typing != value) {
            typing = value;
            keysChanged();
        }
    }

    private Result editFilter(KeyStroke key) {
        switch (key.getKeyType()) {
            case Character -> {
                if (key.isCtrlDown() || key.isAltDown()) {
                    return Result.UNHANDLED;
                }
                setFilter(filter + key.getCharacter());
            }
            case Backspace -> {
                if (filter.isEmpty()) {
                    typing(false);
                    invalidate();
                } else {
                    setFilter(filter.substring(0, filter.offsetByCodePoints(filter.length(), -1)));
                }
            }
            case Escape -> {
                typing(false);
                setFilter("");
            }
            default -> {
                return Result.UNHANDLED;
            }
        }
        return Result.HANDLED;
    }

    private void setFilter(String text) {
        String before = selectedName();
        filter = text;
        refilter(before, 0);
    }

    /** Filters the list again, selecting {@code keep} if it is shown, else the row at {@code fallback}. */
    private void refilter(String keep, int fallback) {
        String needle = filter.toLowerCase(Locale.ROOT);
        shown = needle.isEmpty() ? all
                : all.stream().filter(f -> f.shown().toLowerCase(Locale.ROOT).contains(needle)).toList();
        int index = Math.max(0, Math.min(fallback, shown.size() - 1));
        for (int i = 0; i < shown.size(); i++) {
            if (shown.get(i).name().equals(keep)) {
                index = i;
            }
        }
        select(index);
        invalidate();
    }
}
