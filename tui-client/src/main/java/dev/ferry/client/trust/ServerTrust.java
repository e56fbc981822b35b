package dev.ferry.client.trust;

import dev.ferry.client.failure.FerryException.Kind;
import dev.ferry.client.failure.FerryException;
import dev.ferry.transport.Fingerprint;
import java.io.IOException;
import java.util.Optional;

/**
 * Whether to go on with a server that showed this fingerprint: the client's side of TLS, since
 * there is no certificate authority. A known server must show the fingerprint pinned for it; a
 * changed one is refused, loudly, naming the line to remove. An unknown one is trusted if the user
 * says so at a prompt, or an invitation carried its fingerprint ({@link #expect}), or the user asked
 * to accept new servers ({@code --accept-new}); otherwise refused. {@code --fingerprint} is
 * {@link #exactly}: that fingerprint, for one connection, the file left alone. Every refusal is
 * {@link Kind#NOT_TRUSTED}.
 */
public final class ServerTrust {

    /** Asks the user about a server seen for the first time; true to trust and pin it. */
    @FunctionalInterface
    public interface Prompt {
        boolean trust(String server, String fingerprint) throws IOException;
    }

    /** What to do with a server that has no pin. */
    private enum FirstContact { REFUSE, ASK, ACCEPT, EXPECT }

    private final KnownServers known;
    private final FirstContact first;
    private final Prompt prompt;
    private final String expected;

    private ServerTrust(KnownServers known, FirstContact first, Prompt prompt, String expected) {
        this.known = known;
        this.first = first;
        this.prompt = prompt;
        this.expected = expected;
    }

    /** Pins checked; an unknown server refused (no terminal, nothing vouches for it). */
    public static ServerTrust refuseUnknown(KnownServers known) {
        return new ServerTrust(known, FirstContact.REFUSE, null, null);
    }

    /** Pins checked; about an unknown server the user is asked. */
    public static ServerTrust ask(KnownServers known, Prompt prompt) {
        return new ServerTrust(known, FirstContact.ASK, prompt, null);
    }

    /** Pins checked; an unknown server is pinned as it is ({@code --accept-new}). */
    public static ServerTrust acceptNew(KnownServers known) {
        return new ServerTrust(known, FirstContact.ACCEPT, null, null);
    }

    /**
     * The server must show {@code fingerprint} (an invitation carries it); an unknown one is then
     * pinned. A known server whose pin differs is still refused: the pin is removed by hand.
     */
    public static ServerTrust expect(KnownServers known, String fingerprint) {
        return new ServerTrust(known, FirstContact.EXPECT, null, fingerprint);
    }

    /** Exactly this fingerprint, no file read or written: {@code --fingerprint}, tests, programs that hold the pin. */
    public static ServerTrust exactly(String fingerprint) {
        return new ServerTrust(null, FirstContact.EXPECT, null, fingerprint);
    }

    /**
     * Goes on, or throws a {@link Kind#NOT_TRUSTED} failure saying why.
     *
     * @param server      {@code host:port} as the user named it
     * @param fingerprint what the server showed
     * @return true if the user was asked, which may have taken a while
     */
    public boolean check(String server, String fingerprint) throws FerryException {
        if (expected != null && !expected.equals(fingerprint)) {
            throw new FerryException(Kind.NOT_TRUSTED, "refused " + server + ": it shows fingerprint " + fingerprint
                    + ", not the expected " + expected);
        }
        if (known == null) {
            return false;
        }
        Optional<KnownServers.Pin> pin = lookUp(server);
        if (pin.isPresent()) {
            if (pin.get().fingerprint().equals(fingerprint)) {
                return false;
            }
            throw new FerryException(Kind.NOT_TRUSTED, "WARNING: THE FINGERPRINT OF " + server + " HAS CHANGED. "
                    + "It is now " + fingerprint + ", pinned as " + pin.get().fingerprint() + ". Someone may be "
                    + "pretending to be that server, or its key was made anew. Refusing to connect. If the change "
                    + "is expected, remove line " + pin.get().line() + " of " + known.file() + " and connect again.");
        }
        switch (first) {
            case EXPECT, ACCEPT -> {
                remember(server, fingerprint);
                return false;
            }
            case ASK -> {
                boolean yes;
                try {
                    yes = prompt.trust(server, fingerprint);
                } catch (IOException e) {
                    throw new FerryException(Kind.NOT_TRUSTED, "refused " + server + ": no answer about its fingerprint "
                            + fingerprint);
                }
                if (!yes) {
                    throw new FerryException(Kind.NOT_TRUSTED, "refused " + server + ": fingerprint " + fingerprint
                            + " not trusted");
                }
                remember(server, fingerprint);
                return true;
            }
            default -> throw new FerryException(Kind.NOT_TRUSTED, "refused " + server + ": an unknown server, "
                    + "fingerprint " + fingerprint + ". Check it with the server's owner ('ferryd fingerprint' there), "
                    + "then connect with --fingerprint " + fingerprint + " (or --accept-new) or from a terminal");
        }
    }

    private Optional<KnownServers.Pin> lookUp(String server) throws FerryException {
        try {
            return known.find(server);
        } catch (IOException e) {
            throw new FerryException(Kind.LOCAL, null, "cannot read " + known.file() + ": " + e.getMessage(), e);
        }
    }

    private void remember(String server, String fingerprint) throws FerryException {
        if (!Fingerprint.isWellFormed(fingerprint)) {
            throw new FerryException(Kind.NOT_TRUSTED, "refused " + server + ": malformed fingerprint " + fingerprint);
        }
        try {
            known.add(server, fingerprint);
        } catch (IOException e) {
            throw new FerryException(Kind.LOCAL, null, "cannot pin " + server + " in " + known.file() + ": "
                    + e.getMessage(), e);
        }
    }
}
