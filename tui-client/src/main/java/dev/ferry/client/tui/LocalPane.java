package dev.ferry.client.tui;

import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.ferry.client.wording.Formats;
import dev.ferry.protocol.Text;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The local folder beside the server's files, as in mc and termscp: folders first, then files,
 * each in name order, with {@code ..} on top to go up. Enter or → opens the selected folder,
 * Backspace or ← goes up (and selects the folder you came from), {@code .} shows or hides hidden
 * entries (hidden by default), {@code r} reads the folder again. {@code u} uploads the selected
 * file or folder, and so does Enter on a file. The folder's path is on the first line. Folders are read by {@link LocalFolder}, off the GUI
 * thread; a folder that cannot be opened leaves you where you were, and says why.
 */
final class LocalPane extends ListPane {
    private static final String UP = "..";

    private final LocalFolder reader;
    private final Consumer<LocalFolder.Entry> upload;
    private final Consumer<String> problem;
    private Path folder;
    private LocalFolder.Listing listing;
    private List<LocalFolder.Entry> shown = List.of();
    private boolean showHidden;
    private int sizeWidth;
    /** Columns the longest entry takes: size (or "dir"), gap, name. */
    private int longest;
    /** Counts reads, so a slow one that a later one overtook is dropped. */
    private long reads;

    /**
     * @param start   the folder shown first
     * @param upload  what {@code u} (or Enter on a file) does with the selected entry
     * @param problem where a folder that cannot be opened is reported
     */
    LocalPane(Palette palette, LocalFolder reader, Path start, Consumer<LocalFolder.Entry> upload, Consumer<String> problem) {
        super("Local", palette);
        this.reader = reader;
        this.upload = upload;
        this.problem = problem;
        this.folder = start.toAbsolutePath().normalize();
    }

    /** Shows {@code start} first; before the first {@link #reload}. */
    void startIn(Path start) {
        folder = start.toAbsolutePath().normalize();
    }

    /** Reads the folder shown (the first time, or again), keeping the selection on the same entry. */
    void reload() {
        open(folder, selectedName(), false);
    }

    /** The folder shown. */
    Path folder() {
        return folder;
    }

    /** The selected entry, or null on {@code ..} or in an empty folder. */
    LocalFolder.Entry selectedEntry() {
        int index = selected() - (hasParent() ? 1 : 0);
        return index >= 0 && index < shown.size() ? shown.get(index) : null;
    }

    boolean showingHidden() {
        return showHidden;
    }

    private boolean hasParent() {
        return folder.getParent() != null;
    }

    private String selectedName() {
        LocalFolder.Entry entry = selectedEntry();
        return entry != null ? entry.name() : null;
    }

    /**
     * Reads {@code target} and shows it with {@code select} selected (the first row if null).
     * When {@code moving}, a folder that cannot be read is reported and the pane stays where it was.
     */
    private void open(Path target, String select, boolean moving) {
        long read = ++reads;
        reader.read(target, result -> {
            if (read != reads) {
                return;
            }
            if (result.problem() != null && moving) {
                problem.accept("! cannot open " + Text.printable(target.getFileName() != null
                        ? target.getFileName().toString() : target.toString()) + ": " + result.problem());
                return;
            }
            folder = target;
            listing = result;
            refilter(select);
        });
    }

    private void refilter(String select) {
        List<LocalFolder.Entry> entries = listing == null ? List.of() : listing.entries();
        shown = showHidden ? entries : entries.stream().filter(e -> !e.hidden()).toList();
        longest = Math.max(3, shown.stream().filter(e -> !e.folder()).mapToInt(e -> size(e).length()).max().orElse(0))
                + 2 + Math.max(UP.length() + 1, shown.stream().mapToInt(e -> TerminalTextUtils.getColumnWidth(
                        Text.printable(e.name())) + (e.folder() ? 1 : 0)).max().orElse(0));
        int index = 0;
        for (int i = 0; i < shown.size(); i++) {
            if (shown.get(i).name().equals(select)) {
                index = i + (hasParent() ? 1 : 0);
            }
        }
        select(index);
        invalidate();
        keysChanged();
    }

    private void up() {
        Path parent = folder.getParent();
        if (parent != null) {
            open(parent, folder.getFileName().toString(), true);
        }
    }

    private void into(LocalFolder.Entry entry) {
        open(entry.path(), null, true);
    }

    @Override
    int wantedColumns() {
        return listing == null ? 0 : Math.max(framed(longest), titleColumns(count()));
    }

    /** Every entry and the folder's path above them. */
    @Override
    int wantedRows() {
        return 1 + super.wantedRows();
    }

    @Override
    int rowCount() {
        return listing == null ? 0 : shown.size() + (hasParent() ? 1 : 0);
    }

    @Override
    void prepare(int width) {
        sizeWidth = Math.max(3, shown.stream().filter(e -> !e.folder())
                .mapToInt(e -> size(e).length()).max().orElse(0));
    }

    private static String size(LocalFolder.Entry entry) {
        return entry.size() < 0 ? "?" : Formats.size(entry.size());
    }

    @Override
    List<StyledLine> row(int index, int width) {
        int room = Math.max(1, width - sizeWidth - 2);
        if (hasParent() && index == 0) {
            return List.of(new StyledLine().add(" ".repeat(sizeWidth) + "  ").add(UP + "/", Tone.DIM));
        }
        LocalFolder.Entry entry = shown.get(index - (hasParent() ? 1 : 0));
        String name = StyledLine.fitMiddle(Text.printable(entry.name()) + (entry.folder() ? "/" : ""), room);
        if (entry.folder()) {
            return List.of(new StyledLine().add(" ".repeat(sizeWidth - 3) + "dir", Tone.DIM).add("  ").add(name, Tone.FOLDER));
        }
        String size = size(entry);
        return List.of(new StyledLine().add(" ".repeat(sizeWidth - size.length()) + size, Tone.DIM).add("  " + name));
    }

    @Override
    String emptyText() {
        if (listing == null) {
            return "reading…";
        }
        return listing.problem() != null ? "cannot read: " + listing.problem() : "empty folder";
    }

    /** The folder shown, on the first line: long paths are cut from the left, so the end stays. */
    @Override
    StyledLine header(int width) {
        return StyledLine.of(where(width));
    }

    @Override
    String info() {
        return count();
    }

    @Override
    String info(int columns) {
        String count = count();
        if (TerminalTextUtils.getColumnWidth(count) <= columns || listing == null) {
            return count;
        }
        return Integer.toString(shown.size());
    }

    /** How many entries are shown, and how many are hidden or were not read. */
    private String count() {
        if (listing == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        parts.add(shown.size() == 1 ? "1 item" : shown.size() + " items");
        long hidden = listing.entries().size() - shown.size();
        if (hidden > 0) {
            parts.add(hidden + " hidden");
        }
        if (listing.notShown() > 0) {
            parts.add(listing.notShown() + " not read");
        }
        return String.join(", ", parts);
    }

    /** The folder, with the home folder as {@code ~}, cut from the left to {@code columns}. */
    private String where(int columns) {
        String path = folder.toString();
        String home = System.getProperty("user.home", "");
        if (!home.isEmpty() && (path.equals(home) || path.startsWith(home + "/"))) {
            path = "~" + path.substring(home.length());
        }
        path = Text.printable(path);
        int width = TerminalTextUtils.getColumnWidth(path);
        if (width <= columns) {
            return path;
        }
        int keep = Math.max(0, columns - 1);
        return "…" + path.substring(Math.max(0, path.length() - keep));
    }

    @Override
    void activate(int index) {
        LocalFolder.Entry entry = selectedEntry();
        if (entry == null) {
            up();
        } else if (entry.folder()) {
            into(entry);
        } else {
            upload.accept(entry);
        }
    }

    @Override
    Result onOtherKey(KeyStroke key) {
        LocalFolder.Entry entry = selectedEntry();
        if (key.getKeyType() == KeyType.Backspace || (key.getKeyType() == KeyType.ArrowLeft && hasParent())) {
            up();
            return Result.HANDLED;
        }
        if (key.getKeyType() == KeyType.ArrowRight && (entry == null ? rowCount() > 0 : entry.folder())) {
            activate(selected());
            return Result.HANDLED;
        }
        if (isPlain(key, 'u')) {
            if (entry != null) {
                upload.accept(entry);
            }
            return Result.HANDLED;
        }
        if (isPlain(key, '.')) {
            showHidden = !showHidden;
            refilter(selectedName());
            return Result.HANDLED;
        }
        if (isPlain(key, 'r')) {
            reload();
            return Result.HANDLED;
        }
        return Result.UNHANDLED;
    }
}
