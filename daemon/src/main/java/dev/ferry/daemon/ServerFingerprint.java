package dev.ferry.daemon;

import java.nio.file.Path;
import java.util.Optional;

/** The fingerprint of the server's certificate in a state folder, for invitations. */
final class ServerFingerprint {
    private ServerFingerprint() {}

    /** The {@code SHA256:…} fingerprint of the identity kept in {@code stateDir}, or empty if it has none yet. */
    static Optional<String> of(Path stateDir) {
        return Optional.empty();
    }
}
