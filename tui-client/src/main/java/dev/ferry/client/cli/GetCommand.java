package dev.ferry.client.cli;

import dev.ferry.client.FerryClient;
import dev.ferry.client.command.Selection;
import dev.ferry.client.failure.FerryException;
import dev.ferry.client.transfer.Download;
import dev.ferry.client.transfer.DownloadListener;
import dev.ferry.client.transfer.DownloadResult;
import dev.ferry.client.wording.Formats;
import dev.ferry.protocol.Message.FileEntry;
import dev.ferry.protocol.Text;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry get NAME...}: downloads files side by side on one connection, each verified by
 * SHA-256 before it is renamed into place. A NAME is a file, a folder (every file under it, at
 * the same relative paths) or a pattern matched against the server's list ({@link Selection}).
 * Prints one line per verified file named alone and one summary line per folder or pattern, in
 * the order named; failures go to stderr, one line each, and set the exit status.
 */
@Command(name = "get", description = {"Download files, folders or patterns ('*.txt'), verified by SHA-256.",
        "Data goes to NAME.part first; a .part left by an interrupted download is resumed."})
final class GetCommand extends ClientCommand {

    @Parameters(arity = "1..*", paramLabel = "NAME",
            description = "Files or folders as 'ferry list' shows them, or patterns (quoted: '*.txt', 'docs/**').")
    List<String> names;

    @Option(names = {"-o", "--output"}, defaultValue = "downloads", paramLabel = "DIR",
            description = "Folder to download into (default: ${DEFAULT-VALUE}; the settings file's output when it has one).")
    Path folder;

    @Option(names = "--overwrite", description = "Replace files that already exist.")
    boolean overwrite;

    /** Set by the Ctrl-C report before it stops the downloads: their failures are its to tell. */
    private volatile boolean interrupting;

    @Override
    int run(FerryClient client) throws FerryException {
        List<Selection.Group> selected = Selection.of(names, await(client.list()).stream().map(FileEntry::name).toList());
        List<Download> downloads = new ArrayList<>();
        List<BatchReport.Group<Download>> groups = new ArrayList<>();
        TerminalProgress bars = root.stderrIsTerminal() ? new TerminalProgress(err(), root.terminalSize(), System::nanoTime) : null;
        DownloadListener listener = bars != null ? bars : DownloadListener.NONE;
        for (Selection.Group group : selected) {
            List<Download> started = new ArrayList<>();
            for (String name : group.names()) {
                Download download = client.download(name, folder, overwrite, listener);
                started.add(download);
                if (bars != null) {
                    bars.add(download);
                }
            }
            downloads.addAll(started);
            groups.add(new BatchReport.Group<>(group.argument(), group.many(), started, ""));
        }
        // Ctrl-C (or SIGTERM) while files arrive: say what is kept, as a failure would
        Thread interrupted = new Thread(() -> reportInterrupted(client, downloads, bars), "ferry-get-interrupted");
        Runtime.getRuntime().addShutdownHook(interrupted);
        try {
            return await(groups, bars);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs
            }
        }
    }

    private int await(List<BatchReport.Group<Download>> groups, TerminalProgress bars) {
        BatchReport<Download> report = new BatchReport<>("get", download -> verified(download.result().join()));
        for (BatchReport.Group<Download> group : groups) {
            if (!report.await(group, () -> interrupting)) {
                return ExitCodes.FAILED; // the process is ending; the interrupted report says what was kept
            }
        }
        if (bars != null) {
            bars.finish();
        }
        return report.print(out(), err());
    }

    /**
     * Stops the downloads still running, then says what each .part holds. The connection is
     * closed first and each download given a moment to put what arrived on disk and close its
     * .part, so the figure is what the next get resumes from, not what the disk held while data
     * was still arriving.
     */
    private void reportInterrupted(FerryClient client, List<Download> downloads, TerminalProgress bars) {
        if (bars != null) {
            bars.finish();
        }
        List<Download> running = downloads.stream().filter(d -> !d.result().isDone()).toList();
        interrupting = true;
        client.close();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(3);
        for (Download download : running) {
            try {
                download.result().get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // stopped, as expected; or still stopping: what the disk holds now is said
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            err().println("ferry: get " + Text.printable(download.name()) + ": interrupted" + download.keptNote());
        }
        err().flush();
    }

    static String verified(DownloadResult result) {
        String resumed = result.resumedFrom() > 0 ? "  (resumed at " + Formats.size(result.resumedFrom()) + ")" : "";
        return "verified  " + display(result.file()) + "  " + Formats.size(result.size()) + "  sha256 " + result.sha256() + resumed;
    }

    /** A path relative to the working folder when it lies below it, made printable. */
    static String display(Path file) {
        Path here = Path.of("").toAbsolutePath();
        return Text.printable(file.startsWith(here) ? here.relativize(file).toString() : file.toString());
    }
}
