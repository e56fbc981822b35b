package dev.ferry.protocol.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PackageGraphTest {

    @Test
    void aLoopRoundThreePackagesIsFoundAndAChainIsNot() {
        Map<String, Set<String>> loop = new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d")));
        Map<String, Set<String>> chain = new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("d")));

        assertThat(PackageGraph.cycles(loop)).containsExactly(new TreeSet<>(Set.of("a", "b", "c")));
        assertThat(PackageGraph.cycles(chain)).isEmpty();
    }

    @Test
    void twoPackagesThatUseEachOtherAreALoop() {
        Map<String, Set<String>> pair = new TreeMap<>(Map.of("root", Set.of("transfer"), "transfer", Set.of("root")));

        assertThat(PackageGraph.cycles(pair)).containsExactly(new TreeSet<>(Set.of("root", "transfer")));
    }
}
