package dev.ferry.client.command;

import dev.ferry.client.FerryClient;
import dev.ferry.client.failure.FileErrors;
import dev.ferry.client.transfer.LocalTree;
import dev.ferry.protocol.Message.ConnectionRow;
import dev.ferry.protocol.Message.FileEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * What {@link CommandRunner} needs from a front end: where requests go out from, where worded
 * replies are shown, and the few things each front end does its own way (downloads, leaving,
 * showing a list). Every method is called on the thread that owns the front end's output, and
 * {@link #request} hands the outcome back on that thread too.
 */
public interface Front {

    /** The live connection, or null while there is none. */
    FerryClient client();

    /**
     * Sends {@code request} on {@code client} from wherever this front end sends, and calls
     * {@code done} with the reply or the failure (one of them null) on the output's thread.
     */
    <T> void request(FerryClient client, Function<FerryClient, CompletableFuture<T>> request, BiConsumer<T, Throwable> done);

    /** A reply, worded; it may hold several lines. */
    void reply(String text);

    /** The server acknowledged a message. */
    void acked(String text);

    /** Something failed or was used wrongly; the text starts with {@code "! "}. */
    void error(String text);

    /** Downloads {@code name}; one already there is replaced if {@code overwrite}. */
    void download(String name, boolean overwrite);

    /**
     * Uploads the local file {@code source} as {@code name} on the server; a file there already is
     * replaced only if {@code overwrite} (and the server allows it). A front end that has no way to
     * show uploads says so.
     */
    default void upload(Path source, String name, boolean overwrite) {
        error("! put: uploads are not shown here; use 'ferry put' or the shell");
    }

    /**
     * Uploads what {@code path} stands for: the file, or every file of a folder's tree, named on the
     * server below {@code prefix} as {@code as} (else the path's own name). This walks the tree
     * here, on the output's thread, and hands each file to {@link #upload}; a front end whose
     * thread must not wait for a walk (a screen) walks elsewhere.
     */
    default void put(Path path, String prefix, String as, boolean overwrite) {
        LocalTree.Found found;
        try {
            found = LocalTree.of(path, prefix, as);
        } catch (IOException e) {
            error("! put " + path + ": " + FileErrors.reason(e, path));
            return;
        }
        if (found.entries().isEmpty()) {
            reply("put " + path + ": no files to send" + found.note());
        }
        found.entries().forEach(entry -> upload(entry.source(), entry.name(), overwrite));
    }

    /** The user asked to leave. */
    void exit();

    /**
     * The file list arrived, asked for with exact sizes if {@code bytes}: show it (a table, a
     * pane) and remember its names.
     */
    void listed(List<FileEntry> files, boolean bytes);

    /** The connection history arrived; the table is also given to {@link #reply}. */
    default void connections(List<ConnectionRow> rows) {}

    /** A line to add under the server's help (this front end's keys), or null. */
    default String helpFooter() {
        return null;
    }
}
