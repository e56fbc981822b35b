package dev.ferry.client.access;

import dev.ferry.client.failure.FerryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the client finds the access key for a server, never on its command line (where every user
 * of the machine could read it in {@code ps}): the environment variable {@code FERRY_KEY}, else
 * the file {@code --key-file} names (its first line), else the key {@code ferry join} stored for
 * that server. None at all is fine: a server that needs no key ignores it.
 */
public final class KeySource {
    public static final String ENV = "FERRY_KEY";

    private KeySource() {}

    /** The secret to present to {@code host:port}, or empty for none. */
    public static Optional<String> find(Map<String, String> env, Path keyFile, ServersFile servers, String host, int port)
            throws FerryException {
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(fromEnv.strip());
        }
        if (keyFile != null) {
            return Optional.of(readKeyFile(keyFile));
        }
        try {
            return servers.read().find(host, port).map(ServersFile.Server::secret);
        } catch (IOException e) {
            throw new FerryException(FerryException.Kind.LOCAL, "cannot read joined servers: " + e.getMessage());
        }
    }

    private static String readKeyFile(Path keyFile) throws FerryException {
        try {
            String text = Files.readString(keyFile, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
            if (text.isEmpty()) {
                throw new FerryException(FerryException.Kind.LOCAL, "the key file " + keyFile + " is empty");
            }
            return text;
        } catch (NoSuchFileException e) {
            throw new FerryException(FerryException.Kind.LOCAL, "no key file " + keyFile);
        } catch (IOException e) {
            throw new FerryException(FerryException.Kind.LOCAL, "cannot read the key file " + keyFile + ": " + e.getMessage());
        }
    }
}
