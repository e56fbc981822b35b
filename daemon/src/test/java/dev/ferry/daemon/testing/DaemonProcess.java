package dev.ferry.daemon.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ferryd in a JVM of its own (this test's JVM, {@code java.home}), started from this test's
 * classpath or from the runnable jar, for what cannot happen in process: SIGTERM, kill -9, its own
 * log configuration, the jar as shipped. It listens on 127.0.0.1 and a port picked by the kernel
 * unless told otherwise.
 */
public final class DaemonProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)[ ,]");

    private final Process process;
    private final int port;
    private final StringBuilder output;

    private DaemonProcess(Process process, int port, StringBuilder output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    /** How a process ended: its exit status and what it printed, stdout and stderr together. */
    public record Finished(int status, String output) {}

    /** Starts ferryd from this test's classpath with {@code args} and waits until it listens. */
    public static DaemonProcess start(List<String> jvmOptions, String... args) throws IOException, TimeoutException {
        List<String> command = java(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.ferry.daemon.FerrydCommand");
        command.addAll(List.of(args));
        return launch(command, env -> { });
    }

    /**
     * Starts ferryd from this test's classpath under {@code wrapper}, a command that ends by running
     * the rest of its arguments in place of itself (such as {@code unshare ... sh -c '...; exec "$@"'}),
     * and waits until it listens.
     */
    public static DaemonProcess startWrapped(List<String> wrapper, List<String> jvmOptions, String... args)
            throws IOException, TimeoutException {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(java(jvmOptions));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.ferry.daemon.FerrydCommand");
        command.addAll(List.of(args));
        return launch(command, env -> { });
    }

    /** Starts the runnable {@code jar} (ferryd.jar) with {@code args} and waits until it listens. */
    public static DaemonProcess startJar(Path jar, List<String> jvmOptions, String... args)
            throws IOException, TimeoutException {
        return startJar(jar, env -> { }, jvmOptions, args);
    }

    /**
     * Starts the runnable {@code jar} in an environment that {@code environment} has adjusted (to
     * drop the locale, say) and waits until it listens.
     */
    public static DaemonProcess startJar(Path jar, Consumer<Map<String, String>> environment, List<String> jvmOptions,
            String... args) throws IOException, TimeoutException {
        List<String> command = java(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        return launch(command, environment);
    }

    /**
     * Runs ferryd from this test's classpath with {@code args} when it is expected to exit on its
     * own, as it does when it cannot start; waits at most {@code timeout}.
     */
    public static Finished run(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = java(List.of());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.ferry.daemon.FerrydCommand");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output lost: " + e + ")";
            }
        });
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("ferryd " + String.join(" ", args) + " was still running after " + timeout);
        }
        try {
            return new Finished(process.exitValue(), output.get(10, TimeUnit.SECONDS));
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            throw new IOException("cannot read ferryd's output", e);
        }
    }

    private static List<String> java(List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-ea:dev.ferry..."); // the daemon's asserted rules (the writer's lock) are checked in its process too
        command.addAll(jvmOptions);
        return command;
    }

    private static DaemonProcess launch(List<String> command, Consumer<Map<String, String>> environment)
            throws IOException, TimeoutException {
        if (!command.contains("--state-dir")) {
            command = new ArrayList<>(command);
            command.addAll(List.of("--state-dir", sharedStateDir().toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        environment.accept(builder.environment());
        Process process = builder.start();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = new CompletableFuture<>();
        StringBuilder seen = new StringBuilder();
        Thread pump = new Thread(() -> {
            try {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    synchronized (seen) {
                        seen.append(line).append('\n');
                        seen.notifyAll();
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            port.completeExceptionally(new IOException("ferryd exited before listening: " + seen));
        }, "ferryd-output");
        pump.setDaemon(true);
        pump.start();
        try {
            return new DaemonProcess(process, port.get(30, TimeUnit.SECONDS), seen);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static Path stateDir;

    /**
     * One state folder for every daemon this test run starts, unless a test names its own: a
     * restarted daemon keeps its fingerprint, and the user's own folder is left alone.
     */
    static synchronized Path sharedStateDir() throws IOException {
        if (stateDir == null) {
            stateDir = java.nio.file.Files.createTempDirectory("ferryd-state");
        }
        return stateDir;
    }

    private static final java.util.regex.Pattern FINGERPRINT = java.util.regex.Pattern.compile("fingerprint (SHA256:[A-Za-z0-9+/]{43})");

    /** The fingerprint the daemon printed when it started. */
    public String fingerprint() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (output) {
            for (;;) {
                Matcher m = FINGERPRINT.matcher(output);
                if (m.find()) {
                    return m.group(1);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("ferryd printed no fingerprint: " + output);
                }
                TimeUnit.NANOSECONDS.timedWait(output, left);
            }
        }
    }

    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    public int port() {
        return port;
    }

    /** What the daemon has printed so far, stdout and stderr together. */
    public String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM, as systemd and scripts/ferryd stop send. */
    public void terminate() {
        process.destroy();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the process dies without a word. */
    public void kill() {
        process.destroyForcibly();
    }

    /** Waits for the process to exit; its exit status, or empty on timeout. */
    public java.util.OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return java.util.OptionalInt.empty();
        }
        return java.util.OptionalInt.of(process.exitValue());
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
