package dev.ferry.client.shell;

import dev.ferry.client.FerryClient;
import dev.ferry.client.command.CommandRunner;
import dev.ferry.client.command.Front;
import dev.ferry.client.command.LiveFiles;
import dev.ferry.client.command.Replies;
import dev.ferry.client.connection.ClientListener;
import dev.ferry.client.failure.FerryException;
import dev.ferry.client.term.Dimensions;
import dev.ferry.client.transfer.Download;
import dev.ferry.client.transfer.DownloadListener;
import dev.ferry.client.transfer.DownloadResult;
import dev.ferry.client.transfer.Upload;
import dev.ferry.client.transfer.UploadListener;
import dev.ferry.client.wording.Formats;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Message.FileEntry;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Text;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The line client: a prompt with the assigned name, every command, messages for everything else.
 *
 * <p>One thread, the one that calls {@link #run}, owns the output ({@link ShellScreen}). Lines
 * typed, replies, download progress and server events all reach it through one queue, so output
 * never interleaves and every reply is printed and flushed the moment it arrives, whether a person
 * or a script is typing. On a terminal, what arrives while the prompt shows is printed above it
 * and the prompt drawn again once, and a meter shows downloads as they run. With stdin piped there
 * is no prompt and no meter; when input ends, the shell waits for what is still in flight
 * (downloads included), says goodbye and exits: 0 if every command succeeded, 1 if any failed.
 */
public final class Shell implements ClientListener {
    /** How often the meter is redrawn at most. */
    private static final long METER_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final Console screen;
    private final Supplier<Dimensions> terminal;
    private final Path downloads;
    private final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final DownloadMeter meter = new DownloadMeter();
    private final AtomicLong nextMeter = new AtomicLong();
    private final Set<String> knownFiles = new HashSet<>();
    /** The server's files, kept up to date by its events; on the shell's thread only. */
    private final LiveFiles live = new LiveFiles();
    private final Set<String> others = new java.util.TreeSet<>();
    /** Copies of the names above for completion, which runs on the input thread. */
    private volatile List<String> fileNames = List.of();
    private volatile List<String> clientNames = List.of();
    private final CommandRunner commands = new CommandRunner(new ShellFront());
    private FerryClient client;
    private int inFlight;
    private boolean inputEnded;
    private boolean connectionEnded;
    private boolean failed;

    /**
     * @param interactive whether a person types at a terminal: a prompt and a meter are drawn
     * @param size        the terminal's size, for the meter
     */
    public Shell(BufferedReader in, PrintWriter out, boolean interactive, Path downloads, Supplier<Dimensions> size) {
        this(new PlainConsole(in, out, interactive, size), downloads, size);
    }

    private Shell(Console console, Path downloads, Supplier<Dimensions> size) {
        this.screen = console;
        this.terminal = size;
        this.downloads = downloads;
        console.complete(() -> fileNames, () -> clientNames);
    }

    /**
     * The shell on the process's terminal, with line editing, history and completion; where no
     * terminal can be had, the plain one.
     */
    public static Shell atTerminal(BufferedReader in, PrintWriter out, Path downloads, Supplier<Dimensions> size) {
        try {
            return new Shell(LineEditorConsole.onSystemTerminal(), downloads, size);
        } catch (IOException | RuntimeException e) {
            return new Shell(in, out, true, downloads, size);
        }
    }

    /** Runs until input ends (or {@code exit}) and nothing is left in flight; returns the exit status. */
    public int run(FerryClient connected) {
        this.client = connected;
        println("Connected to " + Formats.hostPort(client.remote()) + " as " + client.name() + " (" + client.server()
                + "). Type 'help' for commands, 'exit' to leave.");
        learnFileNames();
        screen.prompt(client.name() + "> ");
        Thread stdin = new Thread(this::readInput, "ferry-stdin");
        stdin.setDaemon(true);
        stdin.start();
        while (!finished()) {
            screen.prompt(inputEnded || connectionEnded ? null : client.name() + "> ");
            screen.settle();
            try {
                Runnable task = inbox.take();
                do {
                    task.run();
                    task = finished() ? null : inbox.poll();
                } while (task != null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        screen.close();
        if (client.isOpen()) {
            try {
                client.exit().get(2, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // the server is gone or slow to answer: closing is all that is left
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return failed || (connectionEnded && !inputEnded) ? 1 : 0;
    }

    /** Fetches the file list before any input is read, so a line that names a file is known as one. */
    private void learnFileNames() {
        client.who().thenAccept(names -> inbox.add(() -> {
            names.stream().filter(name -> !name.equals(client.name())).forEach(others::add);
            clientNames = List.copyOf(others);
        }));
        try {
            remember(client.watch().get(30, TimeUnit.SECONDS)); // and the list keeps itself up to date
        } catch (ExecutionException | TimeoutException e) {
            println("! cannot list the files yet: " + Formats.failure(e) + "; 'list' tries again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Done when nothing is in flight and either input or the connection has ended. Once the
     * connection ends every request fails at once, so what is in flight still reports before exit.
     */
    private boolean finished() {
        return inFlight == 0 && (inputEnded || connectionEnded);
    }

    private void readInput() {
        try {
            for (String line = screen.readLine(); line != null; line = screen.readLine()) {
                String typed = line;
                inbox.add(() -> onLine(typed));
            }
        } catch (IOException e) {
            inbox.add(() -> println("! cannot read input: " + e.getMessage()));
        }
        inbox.add(() -> inputEnded = true);
    }

    // ----------------------------------------------------------------- commands

    private void onLine(String line) {
        if (inputEnded) {
            return;
        }
        screen.entered(line);
        commands.run(line, knownFiles);
    }

    /** The shell's side of the shared command layer: what it prints, and how it counts what is in flight. */
    private final class ShellFront implements Front {
        @Override
        public FerryClient client() {
            return client;
        }

        @Override
        public <T> void request(FerryClient on, Function<FerryClient, CompletableFuture<T>> request,
                BiConsumer<T, Throwable> done) {
            inFlight++;
            request.apply(on).whenComplete((value, failure) -> inbox.add(() -> {
                inFlight--;
                done.accept(value, failure);
            }));
        }

        @Override
        public void reply(String text) {
            text.lines().forEach(Shell.this::println);
        }

        @Override
        public void acked(String text) {
            println(text);
        }

        @Override
        public void error(String text) {
            failed = true;
            println(text);
        }

        @Override
        public void download(String name, boolean overwrite) {
            Shell.this.download(name, overwrite);
        }

        @Override
        public void upload(Path source, String name, boolean overwrite) {
            Shell.this.upload(source, name, overwrite);
        }

        @Override
        public void exit() {
            inputEnded = true;
            request(client, FerryClient::exit, (bye, failure) -> {
                if (failure == null) {
                    println(Replies.bye());
                }
            });
        }

        @Override
        public void listed(List<FileEntry> files, boolean bytes) {
            remember(files);
            if (files.isEmpty()) {
                println(Replies.noFiles());
            }
            Replies.files(files, bytes).forEach(Shell.this::println);
        }
    }

    private void download(String name, boolean overwrite) {
        Download download = client.download(name, downloads, overwrite, new DownloadListener() {
            @Override
            public void started(Download d, long size, long resumedFrom) {
                long at = System.nanoTime();
                String resumed = resumedFrom > 0 ? ", resuming at " + Formats.size(resumedFrom) : "";
                inbox.add(() -> {
                    println("downloading " + d.name() + " (" + Formats.size(size) + resumed + ")");
                    meter.started(d, at);
                    showMeter();
                });
            }

            @Override
            public void progress(Download d, long received, long size) {
                if (!screen.interactive()) {
                    return;
                }
                long at = System.nanoTime();
                long next = nextMeter.get();
                if (received >= size || (at - next >= 0 && nextMeter.compareAndSet(next, at + METER_NANOS))) {
                    inbox.add(() -> {
                        meter.progressed(d, at);
                        showMeter();
                    });
                }
            }
        });
        inFlight++;
        download.result().whenComplete((result, failure) -> inbox.add(() -> {
            inFlight--;
            meter.ended(download);
            showMeter();
            if (failure == null) {
                printVerified(result);
                return;
            }
            failed = true;
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            boolean inTheWay = cause instanceof FerryException fe && fe.kind() == FerryException.Kind.EXISTS;
            println("! " + Formats.failure(failure) + (inTheWay ? " (" + Replies.overwriteHint(name) + ")" : ""));
        }));
    }

    private void upload(Path source, String name, boolean overwrite) {
        Upload upload = client.upload(source, name, overwrite, new UploadListener() {
            @Override
            public void started(Upload u, long size, long resumedFrom) {
                long at = System.nanoTime();
                String resumed = resumedFrom > 0 ? ", resuming at " + Formats.size(resumedFrom) : "";
                inbox.add(() -> {
                    println("uploading " + Text.printable(u.name()) + " (" + Formats.size(size) + resumed + ")");
                    meter.started(u, at);
                    showMeter();
                });
            }

            @Override
            public void progress(Upload u, long sent, long size) {
                if (!screen.interactive()) {
                    return;
                }
                long at = System.nanoTime();
                long next = nextMeter.get();
                if (sent >= size || (at - next >= 0 && nextMeter.compareAndSet(next, at + METER_NANOS))) {
                    inbox.add(() -> {
                        meter.progressed(u, at);
                        showMeter();
                    });
                }
            }
        });
        inFlight++;
        upload.result().whenComplete((result, failure) -> inbox.add(() -> {
            inFlight--;
            meter.ended(upload);
            showMeter();
            if (failure == null) {
                String resumed = result.resumedFrom() > 0 ? " (resumed at " + Formats.size(result.resumedFrom()) + ")" : "";
                String replaced = result.replaced() ? " (replaced)" : "";
                println("sent " + Text.printable(result.name()) + " (" + Formats.size(result.size()) + ")" + resumed + replaced);
                println("SHA-256 verified by the server: " + result.sha256());
                return;
            }
            failed = true;
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            boolean inTheWay = cause instanceof FerryException fe && fe.kind() == FerryException.Kind.EXISTS;
            println("! put " + Text.printable(name) + ": " + Formats.failure(failure)
                    + (inTheWay ? " (to replace it: put --overwrite)" : ""));
        }));
    }

    private void showMeter() {
        screen.meter(meter.line(System.nanoTime(), terminal.get().columns()));
    }

    private void printVerified(DownloadResult result) {
        String resumed = result.resumedFrom() > 0 ? " (resumed at " + Formats.size(result.resumedFrom()) + ")" : "";
        println("saved " + result.file() + " (" + Formats.size(result.size()) + ")" + resumed);
        println("SHA-256 verified: " + result.sha256());
    }

    private void remember(List<FileEntry> files) {
        live.replace(files);
        rememberNames();
    }

    private void rememberNames() {
        knownFiles.clear();
        knownFiles.addAll(live.names());
        fileNames = List.copyOf(knownFiles);
    }

    /** Too many changes for one event, or events lost: the whole listing again, quietly ({@link #onFiles}). */
    private void relist() {
        client.watch();
    }

    // ----------------------------------------------------------------- server events

    @Override
    public void onEvent(Message.Event event) {
        inbox.add(() -> {
            if (event instanceof Message.Chat chat) {
                println(chat.from() + ": " + chat.text());
            } else if (event instanceof Message.Private message) {
                println(message.from() + " (to you only): " + message.text());
            } else if (event instanceof Message.Earlier earlier) {
                println(Formats.clock(earlier.at()) + " " + earlier.from() + ": " + earlier.text() + " (before you joined)");
            } else if (event instanceof Message.Joined joined) {
                println("* " + joined.name() + " joined from " + joined.address());
                others.add(joined.name());
                clientNames = List.copyOf(others);
            } else if (event instanceof Message.Left left) {
                println("* " + left.name() + " left (" + left.reason() + ")");
                others.remove(left.name());
                clientNames = List.copyOf(others);
            } else if (event instanceof Message.Notice notice) {
                println("! " + notice.text());
                if (notice.code() == ErrorCode.EVENTS_DROPPED) {
                    relist();
                }
            } else if (event instanceof Message.Uploaded upload) {
                println(live.uploaded(upload));
            } else if (event instanceof Message.FilesChanged changed) {
                live.apply(changed).ifPresent(this::println);
                if (changed.resync()) {
                    relist();
                } else {
                    rememberNames();
                }
            }
        });
    }

    @Override
    public void onFiles(List<FileEntry> files) {
        inbox.add(() -> remember(files));
    }

    @Override
    public void onClosed(String reason, boolean requested) {
        inbox.add(() -> {
            if (!requested) {
                println("! connection closed: " + reason);
            }
            connectionEnded = true;
        });
    }

    // ----------------------------------------------------------------- output, on the shell's thread only

    /** Prints a line; text from the server is neutralised so it cannot drive the terminal. */
    private void println(String line) {
        screen.print(line);
    }
}
