package dev.ferry.protocol;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An invitation to a Ferry server, as one line a person can pass on:
 *
 * <pre>
 * ferry://HOST:PORT/#fp=SHA256:BASE64&amp;key=SECRET
 * </pre>
 *
 * <p>It carries where the server listens, the fingerprint of its certificate (so the client can
 * pin the server before it has ever seen it) and the secret of an access key. Everything after
 * {@code #} is a fragment: a browser or anything else that reads it as a URL never sends it
 * anywhere. Parameters this build does not know are ignored, so later versions can add some.
 *
 * <p>The secret is never part of {@link #toString()}; only {@link #text()} spells it out.
 */
public record Invitation(String host, int port, String fingerprint, String secret) {
    public static final String SCHEME = "ferry://";

    /** What a secret may be made of: base64url, as ferryd makes them, at least 128 bits' worth. */
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{22,256}");
    private static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/=]{16,100}");

    public Invitation {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(secret, "secret");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("the invitation names no server");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the invitation's port must be 1..65535, not " + port);
        }
        if (!fingerprint.isEmpty() && !FINGERPRINT.matcher(fingerprint).matches()) {
            throw new IllegalArgumentException("the invitation's fingerprint is not SHA256:… as ferryd prints it");
        }
        if (!SECRET.matcher(secret).matches()) {
            throw new IllegalArgumentException("the invitation's key is not one ferryd made (cut short when copied?)");
        }
    }

    /** The server as {@code host:port}, with brackets around an IPv6 address. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The invitation as one line, secret included: for the person it is meant for, and nobody else. */
    public String text() {
        StringBuilder line = new StringBuilder(SCHEME).append(address()).append("/#");
        if (!fingerprint.isEmpty()) {
            line.append("fp=").append(fingerprint).append('&');
        }
        return line.append("key=").append(secret).toString();
    }

    @Override
    public String toString() {
        return "Invitation[" + address() + (fingerprint.isEmpty() ? "" : ", " + fingerprint) + ", key=(secret)]";
    }

    /**
     * Reads an invitation as {@link #text()} writes it; spaces around it are ignored.
     *
     * @throws IllegalArgumentException saying, in words for a person, what is wrong with it; the
     *                                  message never repeats the secret
     */
    public static Invitation parse(String text) {
        String line = text.strip();
        if (!line.startsWith(SCHEME)) {
            throw new IllegalArgumentException("an invitation starts with " + SCHEME + " (ferryd invite prints one)");
        }
        int hash = line.indexOf('#');
        if (hash < 0) {
            throw new IllegalArgumentException("the invitation has no key: everything after '#' is missing");
        }
        String authority = line.substring(SCHEME.length(), hash);
        if (authority.endsWith("/")) {
            authority = authority.substring(0, authority.length() - 1);
        }
        String host;
        String port;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("the invitation's address has an unclosed '['");
            }
            host = authority.substring(1, close);
            String rest = authority.substring(close + 1);
            port = rest.startsWith(":") ? rest.substring(1) : rest.isEmpty() ? null : "?";
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? null : authority.substring(colon + 1);
        }
        if (host.isEmpty() || host.contains("/") || host.contains("@")) {
            throw new IllegalArgumentException("the invitation's address is not HOST:PORT");
        }
        int portNumber = port == null ? Wire.DEFAULT_PORT : portNumber(port);
        String fingerprint = "";
        String secret = null;
        for (String parameter : line.substring(hash + 1).split("&")) {
            if (parameter.startsWith("fp=")) {
                fingerprint = parameter.substring(3);
            } else if (parameter.startsWith("key=")) {
                secret = parameter.substring(4);
            }
        }
        if (secret == null) {
            throw new IllegalArgumentException("the invitation has no key (key=…)");
        }
        return new Invitation(host, portNumber, fingerprint, secret);
    }

    private static int portNumber(String port) {
        if (!port.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("the invitation's port is not a number");
        }
        return Integer.parseInt(port);
    }
}
