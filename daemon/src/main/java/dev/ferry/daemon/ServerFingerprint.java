package dev.ferry.daemon;

import dev.ferry.transport.ServerIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** The fingerprint of the server's certificate in a state folder, for invitations. */
final class ServerFingerprint {
    private ServerFingerprint() {}

    /**
     * The {@code SHA256:…} fingerprint of the identity kept in {@code stateDir}, made there now if
     * this is before the daemon's first start (it will use the same); empty if it cannot be read.
     */
    static Optional<String> of(Path stateDir) {
        try {
            return Optional.of(ServerIdentity.loadOrCreate(stateDir).fingerprint());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
