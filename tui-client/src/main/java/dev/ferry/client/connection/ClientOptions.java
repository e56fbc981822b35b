package dev.ferry.client.connection;

import dev.ferry.client.trust.KnownServers;
import dev.ferry.client.trust.ServerTrust;
import dev.ferry.protocol.FerryVersion;
import dev.ferry.protocol.Wire;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to connect.
 *
 * @param host             server host name or address
 * @param port             server port
 * @param connectTimeout   time allowed for the TCP connection and the handshake together
 * @param software         what HELLO says this client is
 * @param rateLimit        most bytes of file data a second, 0 for no limit
 * @param key              the access key's secret to present, {@code ""} for none; never part of {@link #toString()}
 * @param tls              TLS 1.3, as ferryd speaks unless started with {@code --no-tls}
 * @param trust            which server fingerprints to go on with
 */
public record ClientOptions(String host, int port, Duration connectTimeout, String software, long rateLimit, String key,
        boolean tls, ServerTrust trust) {

    public ClientOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(software, "software");
        Objects.requireNonNull(key, "key");
        if (rateLimit < 0) {
            throw new IllegalArgumentException("rate limit must be 0 or more, not " + rateLimit);
        }
        Objects.requireNonNull(trust, "trust");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, not " + port);
        }
    }

    public ClientOptions(String host, int port, Duration connectTimeout, String software, long rateLimit) {
        this(host, port, connectTimeout, software, rateLimit, "", true, defaultTrust());
    }

    public ClientOptions(String host, int port, Duration connectTimeout, String software) {
        this(host, port, connectTimeout, software, 0, "", true, defaultTrust());
    }

    /**
     * 127.0.0.1:50000, ten seconds to connect, no rate limit, no key, TLS, and only servers pinned
     * in the user's known_servers trusted.
     */
    public static ClientOptions defaults() {
        return new ClientOptions("127.0.0.1", Wire.DEFAULT_PORT, Duration.ofSeconds(10), "ferry/" + FerryVersion.get(), 0, "",
                true, defaultTrust());
    }

    private static ServerTrust defaultTrust() {
        return ServerTrust.refuseUnknown(KnownServers.forUser(System.getenv()));
    }

    public ClientOptions withAddress(String newHost, int newPort) {
        return new ClientOptions(newHost, newPort, connectTimeout, software, rateLimit, key, tls, trust);
    }

    /** File data at most BYTES_PER_SECOND; 0 for no limit. */
    public ClientOptions withRateLimit(long bytesPerSecond) {
        return new ClientOptions(host, port, connectTimeout, software, bytesPerSecond, key, tls, trust);
    }

    public ClientOptions withConnectTimeout(Duration timeout) {
        return new ClientOptions(host, port, timeout, software, rateLimit, key, tls, trust);
    }

    /** These options presenting an access key's secret ({@code ""} for none). */
    public ClientOptions withKey(String secret) {
        return new ClientOptions(host, port, connectTimeout, software, rateLimit, secret, tls, trust);
    }

    /** Which servers to go on with; for a server in plain text there is nothing to check. */
    public ClientOptions withTrust(ServerTrust newTrust) {
        return new ClientOptions(host, port, connectTimeout, software, rateLimit, key, tls, newTrust);
    }

    /** TLS or plain text ({@code --no-tls}, for a ferryd started so on loopback). */
    public ClientOptions withTls(boolean on) {
        return new ClientOptions(host, port, connectTimeout, software, rateLimit, key, on, trust);
    }

    @Override
    public String toString() {
        return "ClientOptions[" + host + ":" + port + ", connectTimeout=" + connectTimeout + ", software=" + software
                + ", rateLimit=" + rateLimit + ", key=" + (key.isEmpty() ? "none" : "(secret)") + ", tls=" + tls + "]";
    }
}
