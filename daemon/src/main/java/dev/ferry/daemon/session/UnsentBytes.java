package dev.ferry.daemon.session;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * How many bytes one connection's kernel still holds for the client: written by the daemon, not yet
 * acknowledged. When a client stops reading, the last replies sit there unsent with no write of
 * the daemon's waiting on them, so only the kernel can tell that something is owed.
 *
 * <p>Linux shows it in {@code /proc/net/tcp} and {@code /proc/net/tcp6}, one line per socket of the
 * daemon's network namespace, as the {@code tx_queue} of the line whose local and remote addresses
 * are the connection's. Addresses there are hexadecimal words in the host's byte order, an IPv4
 * client of an IPv6 socket as its mapped address {@code ::ffff:a.b.c.d}. Elsewhere the count is
 * unknown ({@link #UNKNOWN}).
 */
final class UnsentBytes {
    /** The count could not be read: not Linux, or the socket is gone. */
    static final long UNKNOWN = -1;

    private static final Path TCP = Path.of("/proc/net/tcp");
    private static final Path TCP6 = Path.of("/proc/net/tcp6");

    private final String local4;
    private final String remote4;
    private final String local6;
    private final String remote6;

    private UnsentBytes(InetSocketAddress local, InetSocketAddress remote) {
        this.local4 = local.getAddress() instanceof Inet4Address ? entry(local, false) : null;
        this.remote4 = remote.getAddress() instanceof Inet4Address ? entry(remote, false) : null;
        this.local6 = entry(local, true);
        this.remote6 = entry(remote, true);
    }

    /** The probe for a connection between these two addresses. */
    static UnsentBytes between(InetSocketAddress local, InetSocketAddress remote) {
        return new UnsentBytes(local, remote);
    }

    /** Bytes the kernel holds for the client, or {@link #UNKNOWN}. Reads a file of one line per socket: call it seldom. */
    long count() {
        if (local4 != null && remote4 != null) {
            long n = find(TCP, local4, remote4);
            if (n != UNKNOWN) {
                return n;
            }
        }
        return find(TCP6, local6, remote6);
    }

    private static long find(Path table, String local, String remote) {
        if (!Files.isReadable(table)) {
            return UNKNOWN;
        }
        try (Stream<String> lines = Files.lines(table, StandardCharsets.US_ASCII)) {
            return lines.skip(1)
                    .map(String::trim)
                    .map(line -> line.split("\\s+"))
                    .filter(f -> f.length > 4 && f[1].equalsIgnoreCase(local) && f[2].equalsIgnoreCase(remote))
                    .mapToLong(f -> Long.parseLong(f[4].substring(0, f[4].indexOf(':')), 16))
                    .findFirst()
                    .orElse(UNKNOWN);
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    /** {@code ADDRESS:PORT} as the table writes it; an IPv4 address as {@code ::ffff:a.b.c.d} if {@code six}. */
    static String entry(InetSocketAddress address, boolean six) {
        byte[] bytes = address.getAddress().getAddress();
        if (six && bytes.length == 4) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            bytes = mapped;
        } else if (!six && bytes.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + address);
        }
        StringBuilder text = new StringBuilder();
        for (int word = 0; word < bytes.length; word += 4) {
            for (int i = 3; i >= 0; i--) {
                text.append(String.format(Locale.ROOT, "%02X", bytes[word + i] & 0xff));
            }
        }
        return text.append(':').append(String.format(Locale.ROOT, "%04X", address.getPort())).toString();
    }
}
