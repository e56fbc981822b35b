package dev.ferry.daemon.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** Whether a client must present an access key: {@code --auth keys|none}. */
public enum AuthMode {
    /** Every client must present a key the server knows. */
    KEYS,
    /** Anyone who can reach the port gets in; a key, if presented and known, still names the client. */
    NONE;

    /**
     * The default for a listening address: no keys on loopback, where only this machine's users can
     * connect (the demo stays free of set-up), keys everywhere else. A name that does not resolve
     * counts as beyond loopback.
     */
    public static AuthMode defaultFor(String host) {
        return isLoopback(host) ? NONE : KEYS;
    }

    /** True if {@code host} names a loopback address (127.0.0.0/8, ::1, localhost). */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Reads {@code keys} or {@code none}, in any case. */
    public static AuthMode parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "keys" -> KEYS;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("--auth must be keys or none, not '" + text + "'");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
