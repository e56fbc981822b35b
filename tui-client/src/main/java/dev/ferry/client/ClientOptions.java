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
 */
public record ClientOptions(String host, int port, Duration connectTimeout, String software, long rateLimit) {

    public ClientOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(software, "software");
        if (rateLimit < 0) {
            throw new IllegalArgumentException("rate limit must be 0 or more, not " + rateLimit);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, not " + port);
        }
    }

    /** 127.0.0.1:50000, ten seconds to connect. */
    public static ClientOptions defaults() {
        return new ClientOptions("127.0.0.1", Wire.DEFAULT_PORT, Duration.ofSeconds(10), "ferry/" + FerryVersion.get(), 0);
    }

    public ClientOptions withAddress(String newHost, int newPort) {
        return new ClientOptions(newHost, newPort, connectTimeout, software, rateLimit);
    }

    /** File data at most BYTES_PER_SECOND; 0 for no limit. */
    public ClientOptions withRateLimit(long bytesPerSecond) {
        return new ClientOptions(host, port, connectTimeout, software, bytesPerSecond);
    }

    public ClientOptions withConnectTimeout(Duration timeout) {
        return new ClientOptions(host, port, timeout, software, rateLimit);
    }
}
