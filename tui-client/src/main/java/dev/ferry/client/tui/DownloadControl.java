package dev.ferry.client.tui;

import com.googlecode.lanterna.gui2.Window;
import dev.ferry.client.FerryClient;
import dev.ferry.client.failure.FerryException;
import dev.ferry.client.transfer.Download;
import dev.ferry.client.transfer.DownloadListener;
import dev.ferry.client.transfer.DownloadResult;
import dev.ferry.client.transfer.LocalNames;
import dev.ferry.client.wording.Formats;
import dev.ferry.protocol.Text;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Starts, cancels and reports downloads, for the Files pane's Enter, the command line's
 * {@code get} and the Transfers pane's keys. A file already in the download folder is replaced
 * only if the user says so. Each outcome is logged, and the file list is refreshed after every
 * download. Runs on the GUI thread; the client is called on the request thread ({@link Requests})
 * and what it answers comes back through {@link UiExecutor}.
 */
final class DownloadControl extends TransferControl<Download, DownloadResult> {
    private final Path folder;
    private final Palette palette;
    private final Consumer<Window> dialogs;

    /**
     * @param client    the live connection, or null while offline
     * @param dialogs   opens a dialog over the screen
     * @param afterEach runs when any download ends
     */
    DownloadControl(Supplier<FerryClient> client, Path folder, TransfersPane pane, MessageLog log, UiExecutor ui,
            Requests requests, Palette palette, Consumer<Window> dialogs, Runnable afterEach) {
        super("get", client, pane, log, ui, requests, afterEach);
        this.folder = folder;
        this.palette = palette;
        this.dialogs = dialogs;
    }

    /**
     * Downloads {@code name}. A file already there is replaced if {@code overwrite} (the user
     * typed {@code get --overwrite}); otherwise the user is asked first.
     */
    void download(String name, boolean overwrite) {
        String label = Text.printable(name);
        if (client.get() == null) {
            log.add(MessageLog.Kind.ERROR, "! not connected: press R to reconnect, then get " + label);
            return;
        }
        if (pane.running(name) != null || starting(name)) {
            log.add(MessageLog.Kind.REPLY, label + " is already downloading");
            return;
        }
        Path target;
        try {
            target = LocalNames.target(folder, name);
        } catch (FerryException e) {
            log.add(MessageLog.Kind.ERROR, "! get " + label + ": " + Formats.failure(e));
            return;
        }
        if (overwrite || !Files.exists(target)) {
            start(name, overwrite);
            return;
        }
        dialogs.accept(new ChoiceDialog(palette, "Replace " + label + "?",
                ChoiceDialog.wrap(display(target) + " is already there. Download it again and replace it?"), List.of(
                new ChoiceDialog.Choice('y', "Replace", () -> start(name, true)),
                new ChoiceDialog.Choice('n', "Keep it", () -> log.add(MessageLog.Kind.REPLY, "kept " + display(target)))),
                1));
    }

    /** Downloads the connection cut off, whose .part a new connection resumes. */
    List<Transfer> cutOff() {
        return pane.transfers().stream().filter(t -> !t.isUpload() && t.state() == Transfer.State.CUT).toList();
    }

    /** Fetches again every download a dropped connection cut off, each from its .part; returns how many. */
    int resumeCutOff() {
        List<Transfer> cut = cutOff();
        if (cut.isEmpty()) {
            return 0;
        }
        log.add(MessageLog.Kind.REPLY, "resuming " + (cut.size() == 1 ? cut.get(0).label()
                : cut.size() + " downloads") + " where the drop cut " + (cut.size() == 1 ? "it" : "them"));
        cut.forEach(transfer -> download(transfer.name(), false));
        return cut.size();
    }

    private void start(String name, boolean overwrite) {
        start(name, c -> c.download(name, folder, overwrite, DownloadListener.NONE));
    }

    @Override
    String verifiedLine(Transfer transfer, DownloadResult result) {
        String resumed = result.resumedFrom() > 0 ? ", resumed at " + Formats.size(result.resumedFrom()) : "";
        return "verified " + transfer.label() + " (" + Formats.size(result.size()) + resumed + ", sha256 "
                + result.sha256().substring(0, 16) + "…) in " + display(result.file().getParent());
    }

    /** A path relative to the working folder when it lies below it, made printable. */
    static String display(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path here = Path.of("").toAbsolutePath();
        return Text.printable(absolute.startsWith(here) && !absolute.equals(here)
                ? here.relativize(absolute).toString() : absolute.toString());
    }
}
