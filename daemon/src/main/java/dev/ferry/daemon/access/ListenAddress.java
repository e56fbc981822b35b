package dev.ferry.daemon.access;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where a running ferryd listens, as it records it in its state folder ({@code listening}), so
 * that {@code ferryd invite} can put the address in an invitation without being told. A daemon
 * listening on every address (0.0.0.0 or ::) is invited to by one of the machine's own addresses
 * beyond loopback.
 */
public final class ListenAddress {
    public static final String FILE = "listening";

    private ListenAddress() {}

    /** Records {@code hostPort}; run by ferryd once it listens. */
    public static void record(Path stateDir, String hostPort) throws IOException {
        StateDir.create(stateDir);
        Path file = stateDir.resolve(FILE);
        Path temporary = stateDir.resolve(FILE + ".new");
        Files.writeString(temporary, hostPort + "\n", StandardCharsets.UTF_8);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** What the last ferryd to start with this state folder recorded, if any. */
    public static Optional<String> recorded(Path stateDir) throws IOException {
        try {
            String text = Files.readString(stateDir.resolve(FILE), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** True if {@code host} is the wildcard address, which a client cannot connect to. */
    public static boolean isWildcard(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return bare.equals("0.0.0.0") || bare.equals("::") || bare.equals("0:0:0:0:0:0:0:0");
    }

    /** One of this machine's addresses beyond loopback, on an interface that is up: IPv4 first. */
    public static Optional<String> outsideAddress() throws SocketException {
        List<InetAddress> candidates = new java.util.ArrayList<>();
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nif.getInetAddresses())) {
                if (!address.isLoopbackAddress() && !address.isLinkLocalAddress() && !address.isAnyLocalAddress()) {
                    candidates.add(address);
                }
            }
        }
        return candidates.stream().min(Comparator.comparing(a -> a instanceof Inet4Address ? 0 : 1))
                .map(InetAddress::getHostAddress);
    }
}
