package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.ConnectionRow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RosterTest {
    static final Instant T0 = Instant.parse("2026-11-21T13:00:00Z");

    final Roster roster = new Roster();

    @Test
    void theTableFromStatusThenEventsKeepItCurrent() {
        roster.reset("Client01");
        roster.load(List.of(new ConnectionRow("Client01", "127.0.0.1:1", T0, null)));

        roster.apply(new Message.Joined("Client02", "127.0.0.1:2", T0.plusSeconds(5)));
        roster.apply(new Message.Left("Client02", T0.plusSeconds(9), "exit"));

        assertThat(roster.rows()).containsExactly(
                new Roster.Row("Client01", "127.0.0.1:1", T0, null),
                new Roster.Row("Client02", "127.0.0.1:2", T0.plusSeconds(5), T0.plusSeconds(9)));
        assertThat(roster.connectedCount()).isEqualTo(1);
        assertThat(roster.you()).isEqualTo("Client01");
    }

    @Test
    void eventsThatArriveBeforeTheTableAreAppliedAfterItAndCountOnce() {
        roster.reset("Client01");
        roster.apply(new Message.Joined("Client02", "127.0.0.1:2", T0.plusSeconds(5)));
        roster.apply(new Message.Left("Client02", T0.plusSeconds(9), "exit"));
        assertThat(roster.loaded()).isFalse();
        assertThat(roster.rows()).isEmpty();

        roster.load(List.of(new ConnectionRow("Client01", "127.0.0.1:1", T0, null),
                new ConnectionRow("Client02", "127.0.0.1:2", T0.plusSeconds(5), null)));

        assertThat(roster.rows()).hasSize(2);
        assertThat(roster.rows().get(1).finishedAt()).isEqualTo(T0.plusSeconds(9));
        assertThat(roster.connectedCount()).isEqualTo(1);
    }

    @Test
    void aNewConnectionStartsFromNothing() {
        roster.reset("Client01");
        roster.load(List.of(new ConnectionRow("Client01", "127.0.0.1:1", T0, null)));

        roster.reset("Client04");

        assertThat(roster.loaded()).isFalse();
        assertThat(roster.rows()).isEmpty();
        assertThat(roster.you()).isEqualTo("Client04");
    }

    @Test
    void namesAndAddressesAreKeptPrintableAndALeaveStillFindsItsJoin() {
        roster.reset("Client\u001b01");
        roster.load(List.of(new ConnectionRow("Client\u001b01", "127.0.0.1:1\u009b", T0, null)));

        roster.apply(new Message.Joined("Eve\u202e", "127.0.0.1:2\u0007", T0.plusSeconds(5)));
        roster.apply(new Message.Left("Eve\u202e", T0.plusSeconds(9), "exit"));

        assertThat(roster.you()).isEqualTo("Client\uFFFD01");
        assertThat(roster.rows()).containsExactly(
                new Roster.Row("Client\uFFFD01", "127.0.0.1:1\uFFFD", T0, null),
                new Roster.Row("Eve\uFFFD", "127.0.0.1:2\uFFFD", T0.plusSeconds(5), T0.plusSeconds(9)));
    }
}
