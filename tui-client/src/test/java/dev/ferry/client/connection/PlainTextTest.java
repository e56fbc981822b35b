package dev.ferry.client.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.client.failure.FerryException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * {@code --no-tls} reaches only a ferryd on loopback: to any other address the traffic, and the
 * access key HELLO carries, would cross the network in the clear. The check is made before any
 * connection, so these tests send nothing anywhere.
 */
class PlainTextTest {
    @Test
    void plainTextToALoopbackAddressIsAllowed() throws Exception {
        for (byte[] loopback : new byte[][] {{127, 0, 0, 1}, {127, 0, 0, 2}, InetAddress.getByName("::1").getAddress()}) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByAddress(loopback), 50000);
            assertThatCode(() -> Handshake.plainTextAllowed(address, "here:50000")).doesNotThrowAnyException();
        }
    }

    @Test
    void plainTextBeyondLoopbackIsRefusedAsNotTrusted() throws Exception {
        for (byte[] remote : new byte[][] {{(byte) 198, 18, 77, 1}, {10, 0, 0, 1}, {0, 0, 0, 0},
                InetAddress.getByName("2001:db8::1").getAddress()}) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByAddress(remote), 50000);
            assertThatThrownBy(() -> Handshake.plainTextAllowed(address, "far:50000"))
                    .isInstanceOfSatisfying(FerryException.class, e -> {
                        assertThat(e.kind()).isEqualTo(FerryException.Kind.NOT_TRUSTED);
                        assertThat(e.getMessage()).startsWith(
                                "refusing to connect to far:50000 in plain text: --no-tls is for a ferryd on this"
                                + " machine's loopback only");
                    });
        }
    }
}
