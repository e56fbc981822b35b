package dev.ferry.client;

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
 */
public record ClientOptions(String host, int port, Duration connectTimeout, String software, long rateLimit, String key) {

    public ClientOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(software, "software");
        Objects.requireNonNull(key, "key");
        if (rateLimit < 0) {
            throw new IllegalArgumentException("rate limit must be 0 or more, not " + rateLimit);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, not " + port);
        }
    }

    public ClientOptions(String host, int port, Duration connectTimeout, String software, long rateLimit) {
        this(host, port, connectTimeout, software, rateLimit, "");
    }

    public ClientOptions(String host, int port, Duration connectTimeout, String software) {
        this(host, port, connectTimeout, software, 0, "");
    }

    /** 127.0.0.1:50000, ten seconds to connect, no rate limit, no key. */
    public static ClientOptions defaults() {
        return new ClientOptions("127.0.0.1", Wire.DEFAULT_PORT, Duration.ofSeconds(10), "ferry/" + FerryVersion.get(), 0, "");
    }

    public ClientOptions withAddress(String newHost, int newPort) {
        return new ClientOptions(newHost, newPort, connectTimeout, software, rateLimit, key);
    }

    /** File data at most BYTES_PER_SECOND; 0 for no limit. */
    public ClientOptions withRateLimit(long bytesPerSecond) {
        return new ClientOptions(host, port, connectTimeout, software, bytesPerSecond, key);
    }

    public ClientOptions withConnectTimeout(Duration timeout) {
        return new ClientOptions(host, port, timeout, software, rateLimit, key);
    }

    /** These options presenting an access key's secret ({@code ""} for none). */
    public ClientOptions withKey(String secret) {
        return new ClientOptions(host, port, connectTimeout, software, rateLimit, secret);
    }

    @Override
    public String toString() {
        return "ClientOptions[" + host + ":" + port + ", connectTimeout=" + connectTimeout + ", software=" + software
                + ", rateLimit=" + rateLimit + ", key=" + (key.isEmpty() ? "none" : "(secret)") + "]";
    }
}
