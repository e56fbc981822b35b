package dev.ferry.client.access;

import dev.ferry.client.trust.KnownServers;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** The user's pinned server fingerprints, as {@code ferry join} records them: the known_servers file. */
public final class ServerPins {
    private ServerPins() {}

    /** The pins of the user whose environment is {@code env}. */
    public static Pins forUser(Map<String, String> env) {
        KnownServers known = KnownServers.forUser(env);
        return (host, port, fingerprint) -> {
            String server = host + ":" + port;
            Optional<KnownServers.Pin> pin = known.find(server);
            if (pin.isEmpty()) {
                known.add(server, fingerprint);
            } else if (!pin.get().fingerprint().equals(fingerprint)) {
                throw new IOException("the invitation vouches for " + fingerprint + ", but " + server + " is pinned as "
                        + pin.get().fingerprint() + "; if the server's key was made anew, remove line " + pin.get().line()
                        + " of " + known.file() + " and join again");
            }
        };
    }
}
