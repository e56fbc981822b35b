package dev.ferry.daemon.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.protocol.Message.ConnectionRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ConnectionTableTest {
    static final Instant T0 = Instant.parse("2025-10-19T15:29:28Z");

    /** A clock that moves one second per reading. */
    static final class SteppingClock extends Clock {
        private Instant now = T0;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public synchronized Instant instant() {
            Instant current = now;
            now = now.plus(Duration.ofSeconds(1));
            return current;
        }
    }

    @Test
    void rowsKeepAdmissionOrderAndGainAFinishTime() {
        ConnectionTable table = new ConnectionTable(new SteppingClock(), 100);
        table.connected("Client01", "127.0.0.1:49559");
        table.connected("Client02", "127.0.0.1:53339");
        table.finished("Client01");

        assertThat(table.rows()).containsExactly(
                new ConnectionRow("Client01", "127.0.0.1:49559", T0, T0.plusSeconds(2)),
                new ConnectionRow("Client02", "127.0.0.1:53339", T0.plusSeconds(1), null));
        assertThat(table.connectedNames()).containsExactly("Client02");
    }

    @Test
    void finishedRowsBeyondTheLimitAreDroppedOldestFirstButConnectedOnesStay() {
        ConnectionTable table = new ConnectionTable(new SteppingClock(), 2);
        table.connected("Client01", "a");
        for (int i = 2; i <= 5; i++) {
            String name = "Client0" + i;
            table.connected(name, "a");
            table.finished(name);
        }
        assertThat(table.rows()).extracting(ConnectionRow::name).containsExactly("Client01", "Client04", "Client05");
    }

    @Test
    void aNameCannotConnectTwiceOrFinishUnconnected() {
        ConnectionTable table = new ConnectionTable(new SteppingClock(), 10);
        table.connected("Client01", "a");
        assertThatThrownBy(() -> table.connected("Client01", "b")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> table.finished("Client02")).isInstanceOf(IllegalStateException.class);
    }
}
