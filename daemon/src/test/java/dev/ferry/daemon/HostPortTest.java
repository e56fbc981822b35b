package dev.ferry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class HostPortTest {
    @Test
    void aWildcardBindIsSaidAsEveryAddressNotAsEightZeroGroups() throws Exception {
        assertThat(Ferryd.hostPort(new InetSocketAddress(InetAddress.getByName("::"), 51002)))
                .isEqualTo("0.0.0.0:51002 (every address)");
        assertThat(Ferryd.hostPort(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 51002)))
                .isEqualTo("0.0.0.0:51002 (every address)");
    }

    @Test
    void ipv6IsWrittenShortAndIpv4AsItIs() throws Exception {
        assertThat(Ferryd.hostPort(new InetSocketAddress(InetAddress.getByName("::1"), 7))).isEqualTo("[::1]:7");
        assertThat(Ferryd.hostPort(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 7))).isEqualTo("127.0.0.1:7");
        assertThat(Ferryd.shortIpv6("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(Ferryd.shortIpv6("fe80:0:0:0:0:0:0:0")).isEqualTo("fe80::");
        assertThat(Ferryd.shortIpv6("2001:db8:1:2:3:4:5:6")).isEqualTo("2001:db8:1:2:3:4:5:6");
    }
}
