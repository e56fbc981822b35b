package dev.ferry.client.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The servers this user joined with {@code ferry join}: {@code servers} in the client's config
 * folder, mode 0600, since it holds access keys' secrets. One server a line, and which one is the
 * default:
 *
 * <pre>
 * default 10.0.0.2:50000
 * server 10.0.0.2:50000 key=SECRET
 * </pre>
 *
 * It is rewritten whole and replaced by a rename, never left half written.
 */
public final class ServersFile {
    public static final String NAME = "servers";
    private static final String HEADER = "# Servers joined with 'ferry join'. The keys are secrets: keep this file private.\n";

    private final Path file;

    public ServersFile(Path configHome) {
        this.file = configHome.resolve(NAME);
    }

    public Path path() {
        return file;
    }

    /** A joined server; its secret is never part of {@link #toString()}. */
    public record Server(String host, int port, String secret) {
        public String address() {
            return hostPort(host, port);
        }

        @Override
        public String toString() {
            return "Server[" + address() + ", key=(secret)]";
        }
    }

    /** The servers and the default, as the file has them now; empty if there is no file. */
    public record Contents(List<Server> servers, String defaultAddress) {
        public Optional<Server> find(String host, int port) {
            String address = hostPort(host, port);
            return servers.stream().filter(s -> s.address().equals(address)).findFirst();
        }

        public Optional<Server> defaultServer() {
            return servers.stream().filter(s -> s.address().equals(defaultAddress)).findFirst();
        }
    }

    public Contents read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Contents(List.of(), "");
        }
        List<Server> servers = new ArrayList<>();
        String defaultAddress = "";
        int number = 0;
        for (String line : lines) {
            number++;
            String[] f = line.strip().split("\\s+");
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (f[0].equals("default") && f.length == 2) {
                defaultAddress = f[1];
            } else if (f[0].equals("server") && f.length == 3 && f[2].startsWith("key=")) {
                String[] hostPort = splitHostPort(f[1]);
                try {
                    servers.add(new Server(hostPort[0], Integer.parseInt(hostPort[1]), f[2].substring(4)));
                } catch (NumberFormatException e) {
                    throw new IOException(file + " line " + number + ": '" + f[1] + "' is not HOST:PORT");
                }
            } else {
                throw new IOException(file + " line " + number + " is neither 'server HOST:PORT key=…' nor 'default HOST:PORT'");
            }
        }
        return new Contents(List.copyOf(servers), defaultAddress);
    }

    /**
     * Stores a server's key, replacing what was stored for its address, and makes it the default
     * if {@code makeDefault} or if there is none yet. Returns whether it is now the default.
     */
    public boolean store(Server server, boolean makeDefault) throws IOException {
        Contents now = read();
        List<Server> servers = new ArrayList<>(now.servers());
        servers.removeIf(s -> s.address().equals(server.address()));
        servers.add(server);
        String defaultAddress = makeDefault || now.defaultServer().isEmpty() ? server.address() : now.defaultAddress();
        StringBuilder text = new StringBuilder(HEADER);
        text.append("default ").append(defaultAddress).append('\n');
        for (Server s : servers) {
            text.append("server ").append(s.address()).append(" key=").append(s.secret()).append('\n');
        }
        write(text.toString());
        return defaultAddress.equals(server.address());
    }

    private void write(String text) throws IOException {
        Path folder = file.getParent();
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path temporary = file.resolveSibling(NAME + ".new");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    static String[] splitHostPort(String address) {
        if (address.startsWith("[")) {
            int close = address.indexOf("]:");
            return close < 0 ? new String[] {address, ""} : new String[] {address.substring(1, close), address.substring(close + 2)};
        }
        int colon = address.lastIndexOf(':');
        return colon < 0 ? new String[] {address, ""} : new String[] {address.substring(0, colon), address.substring(colon + 1)};
    }
}
