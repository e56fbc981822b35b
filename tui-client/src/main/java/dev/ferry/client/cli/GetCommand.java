package dev.ferry.client.cli;

import dev.ferry.client.FerryClient;
import dev.ferry.client.FerryException;
import dev.ferry.client.Formats;
import dev.ferry.client.transfer.Download;
import dev.ferry.client.transfer.DownloadListener;
import dev.ferry.client.transfer.DownloadResult;
import dev.ferry.protocol.Text;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry get NAME...}: downloads files side by side on one connection, each verified by
 * SHA-256 before it is renamed into place. Prints one line per verified file, in the order named;
 * failures go to stderr and make the exit status 1.
 */
@Command(name = "get", description = {"Download files, verified by SHA-256.",
        "Data goes to NAME.part first; a .part left by an interrupted download is resumed."})
final class GetCommand extends ClientCommand {

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Files to download, as 'ferry list' shows them.")
    List<String> names;

    @Option(names = {"-o", "--output"}, defaultValue = "downloads", paramLabel = "DIR",
            description = "Folder to download into (default: ${DEFAULT-VALUE}; the settings file's output when it has one).")
    Path folder;

    @Option(names = "--overwrite", description = "Replace files that already exist.")
    boolean overwrite;

    /** Set by the Ctrl-C report before it stops the downloads: their failures are its to tell. */
    private volatile boolean interrupting;

    @Override
    int run(FerryClient client) {
        List<Download> downloads = new ArrayList<>();
        TerminalProgress bars = root.stderrIsTerminal() ? new TerminalProgress(err(), root.terminalSize(), System::nanoTime) : null;
        DownloadListener listener = bars != null ? bars : DownloadListener.NONE;
        for (String name : names) {
            Download download = client.download(name, folder, overwrite, listener);
            downloads.add(download);
            if (bars != null) {
                bars.add(download);
            }
        }
        // Ctrl-C (or SIGTERM) while files arrive: say what is kept, as a failure would
        Thread interrupted = new Thread(() -> reportInterrupted(client, downloads, bars), "ferry-get-interrupted");
        Runtime.getRuntime().addShutdownHook(interrupted);
        try {
            return await(downloads, bars);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs
            }
        }
    }

    private int await(List<Download> downloads, TerminalProgress bars) {
        List<String> report = new ArrayList<>();
        int failures = 0;
        for (Download download : downloads) {
            try {
                report.add(verified(download.result().join()));
            } catch (CompletionException e) {
                if (interrupting) {
                    return ExitCodes.FAILED; // the process is ending; the interrupted report says what was kept
                }
                String hint = e.getCause() instanceof FerryException fe && fe.kind() == FerryException.Kind.EXISTS
                        ? " (use --overwrite to replace it)" : "";
                report.add("ferry: get " + Text.printable(download.name()) + ": " + Formats.failure(e) + hint);
                failures++;
            }
        }
        if (bars != null) {
            bars.finish();
        }
        for (String line : report) {
            (line.startsWith("ferry: ") ? err() : out()).println(line);
        }
        return failures == 0 ? ExitCodes.OK : ExitCodes.FAILED;
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
