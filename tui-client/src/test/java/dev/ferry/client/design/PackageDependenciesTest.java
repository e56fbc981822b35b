package dev.ferry.client.design;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.client.FerryClient;
import dev.ferry.protocol.testing.PackageGraph;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client's packages depend on each other one way only, as its compiled classes show: no two
 * packages reach each other, directly or round a longer loop. The core ({@code connection},
 * {@code transfer}) sits below {@link FerryClient}, which assembles it, and below the three front
 * ends; what everyone shares (failures and their wording) sits in leaf packages.
 */
@Timeout(60)
class PackageDependenciesTest {
    private static final String CLIENT = "dev.ferry.client";

    @Test
    void noTwoPackagesOfTheClientDependOnEachOther() {
        Map<String, Set<String>> graph = PackageGraph.of(FerryClient.class, CLIENT);
        assertThat(graph).as("jdeps found the client's packages").containsKeys(CLIENT, CLIENT + ".connection",
                CLIENT + ".transfer", CLIENT + ".tui", CLIENT + ".cli", CLIENT + ".shell", CLIENT + ".command");

        List<Set<String>> cycles = PackageGraph.cycles(graph);

        assertThat(cycles).as("packages that depend on each other, in " + graph).isEmpty();
    }

    @Test
    void theConnectionAndTheTransfersUseNothingOfWhatAssemblesThem() {
        Map<String, Set<String>> graph = PackageGraph.of(FerryClient.class, CLIENT);

        for (String core : List.of(CLIENT + ".connection", CLIENT + ".transfer", CLIENT + ".failure", CLIENT + ".wording")) {
            assertThat(graph.getOrDefault(core, Set.of())).as(core + " depends on").doesNotContain(CLIENT, CLIENT + ".tui",
                    CLIENT + ".cli", CLIENT + ".shell", CLIENT + ".command");
        }
    }
}
