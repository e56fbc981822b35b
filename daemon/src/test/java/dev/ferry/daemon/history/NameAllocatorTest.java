package dev.ferry.daemon.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class NameAllocatorTest {

    @Test
    void namesAreHandedOutInOrderWithTwoDigits() {
        NameAllocator names = new NameAllocator();
        assertThat(List.of(names.next(), names.next(), names.next())).containsExactly("Client01", "Client02", "Client03");
    }

    @Test
    void client100ComesAfterClient99AndNoNameRepeats() {
        NameAllocator names = new NameAllocator();
        List<String> handedOut = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            handedOut.add(names.next());
        }
        assertThat(handedOut.get(8)).isEqualTo("Client09");
        assertThat(handedOut.get(98)).isEqualTo("Client99");
        assertThat(handedOut.get(99)).isEqualTo("Client100");
        assertThat(handedOut.get(999)).isEqualTo("Client1000");
        assertThat(new HashSet<>(handedOut)).hasSize(1000);
    }
}
