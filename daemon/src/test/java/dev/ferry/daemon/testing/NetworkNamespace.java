package dev.ferry.daemon.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of the test's own, joined to this one by a veth pair: the namespace's end
 * has {@link #INSIDE}, this one's {@link #OUTSIDE}, a /30 from 198.18.0.0/15, the range set aside
 * for benchmarks and tests (RFC 2544), so no route of the machine's is touched. A program run with
 * {@link #command} listens on an address beyond loopback that only this machine can reach.
 * Needs root and iproute2; {@link #create()} says why when it cannot be made, so a test can skip
 * with that reason. Closing deletes the namespace and with it both ends of the pair.
 */
public final class NetworkNamespace implements AutoCloseable {
    public static final String INSIDE = "198.18.77.1";
    public static final String OUTSIDE = "198.18.77.2";

    private final String name;
    private final String outsideLink;

    private NetworkNamespace(String name, String outsideLink) {
        this.name = name;
        this.outsideLink = outsideLink;
    }

    /** Why a namespace cannot be made here, thrown by {@link #create()}. */
    public static final class Unavailable extends Exception {
        Unavailable(String reason) {
            super(reason);
        }
    }

    /** Makes the namespace and the pair, both ends up with their addresses. */
    public static NetworkNamespace create() throws Unavailable, IOException, InterruptedException {
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        String name = "ferry-test-" + suffix;
        String outside = "fo" + suffix;
        String inside = "fi" + suffix;
        Result added = ip("netns", "add", name);
        if (added.status != 0) {
            throw new Unavailable("cannot create a network namespace (" + added.output.strip() + ")");
        }
        NetworkNamespace namespace = new NetworkNamespace(name, outside);
        try {
            namespace.must("link", "add", outside, "type", "veth", "peer", "name", inside);
            namespace.must("link", "set", inside, "netns", name);
            namespace.must("addr", "add", OUTSIDE + "/30", "dev", outside);
            namespace.must("link", "set", outside, "up");
            namespace.must("-n", name, "addr", "add", INSIDE + "/30", "dev", inside);
            namespace.must("-n", name, "link", "set", inside, "up");
            namespace.must("-n", name, "link", "set", "lo", "up");
        } catch (IOException | RuntimeException e) {
            namespace.close();
            throw e;
        }
        return namespace;
    }

    /** {@code command} as it runs inside the namespace. */
    public List<String> command(List<String> command) {
        List<String> inside = new ArrayList<>(List.of("ip", "netns", "exec", name));
        inside.addAll(command);
        return inside;
    }

    public String name() {
        return name;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        ip("netns", "del", name);
        ip("link", "del", outsideLink); // gone with the namespace already, unless the move failed
    }

    private void must(String... args) throws IOException, InterruptedException {
        Result result = ip(args);
        if (result.status != 0) {
            throw new IOException("ip " + String.join(" ", args) + " failed: " + result.output.strip());
        }
    }

    private record Result(int status, String output) {}

    private static Result ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(127, "no 'ip' command: iproute2 is not installed");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(124, "ip " + String.join(" ", args) + " did not finish within 30 s");
        }
        return new Result(process.exitValue(), output);
    }
}
