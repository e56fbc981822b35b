package dev.ferry.daemon.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.daemon.Ferryd;
import dev.ferry.daemon.access.AuthMode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DaemonConfigTest {

    @Test
    void defaultsMatchTheDocumentedCommandLine() {
        DaemonConfig config = DaemonConfig.builder().build();
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(50000);
        assertThat(config.repository().toString()).isEqualTo("files");
        assertThat(config.maxClients()).isEqualTo(3);
        assertThat(config.handshakeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.maxHandshakes()).isEqualTo(64);
        assertThat(config.maxHandshakesPerAddress()).isEqualTo(48);
    }

    @Test
    void theHandshakeAllowanceGrowsWithTheClientLimit() {
        assertThat(DaemonConfig.builder().maxClients(1000).build().maxHandshakes()).isEqualTo(2000);
        assertThat(DaemonConfig.builder().maxClients(1000).build().maxHandshakesPerAddress()).isEqualTo(1500);
    }

    @Test
    void outOfRangeSettingsAreRefusedByName() {
        assertThatThrownBy(() -> DaemonConfig.builder().port(70000).build()).hasMessage("port must be 0..65535, not 70000");
        assertThatThrownBy(() -> DaemonConfig.builder().maxClients(0).build()).hasMessage("max clients must be at least 1, not 0");
        assertThatThrownBy(() -> DaemonConfig.builder().handshakeTimeout(Duration.ZERO).build())
                .hasMessage("handshake timeout must be positive");
        assertThatThrownBy(() -> DaemonConfig.builder().idleTimeout(Duration.ofSeconds(-1)).build())
                .hasMessage("idle timeout cannot be negative");
        assertThatThrownBy(() -> DaemonConfig.builder().chunkSize(100).build()).hasMessage("chunk size must be 4 KiB..4 MiB");
        assertThatThrownBy(() -> DaemonConfig.builder().maxHandshakes(8).maxHandshakesPerAddress(9).build())
                .hasMessage("max handshakes per address must be 1..8, not 9");
    }

    @Test
    void keysAreRequiredByDefaultBeyondLoopbackAndNoneWithoutThemIsFlaggedThere() {
        assertThat(DaemonConfig.builder().host("127.0.0.1").build().auth()).isEqualTo(AuthMode.NONE);
        assertThat(DaemonConfig.builder().host("127.0.0.2").build().auth()).isEqualTo(AuthMode.NONE);
        assertThat(DaemonConfig.builder().host("::1").build().auth()).isEqualTo(AuthMode.NONE);
        assertThat(DaemonConfig.builder().host("0.0.0.0").build().auth()).isEqualTo(AuthMode.KEYS);
        assertThat(DaemonConfig.builder().host("198.18.77.1").build().auth()).isEqualTo(AuthMode.KEYS);

        assertThat(DaemonConfig.builder().host("127.0.0.1").auth(AuthMode.NONE).build().openBeyondLoopback()).isFalse();
        assertThat(DaemonConfig.builder().host("0.0.0.0").auth(AuthMode.KEYS).build().openBeyondLoopback()).isFalse();
        DaemonConfig open = DaemonConfig.builder().host("0.0.0.0").auth(AuthMode.NONE).build();
        assertThat(open.openBeyondLoopback()).isTrue();
        assertThat(Ferryd.openWarning(open)).startsWith("WARNING: --auth none on 0.0.0.0: anyone who can reach this"
                + " address can read every file served");
    }
}
