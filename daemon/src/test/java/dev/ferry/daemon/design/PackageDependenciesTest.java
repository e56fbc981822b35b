package dev.ferry.daemon.design;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.Ferryd;
import dev.ferry.protocol.testing.PackageGraph;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The daemon's packages depend on each other one way only, as its compiled classes show: the JDK's
 * {@code jdeps} reads them, and no two packages may reach each other, directly or round a longer
 * loop. So the root package (the daemon's assembly) is imported by nobody, shared types live in a
 * leaf package, and a part handed a narrow interface cannot reach back into the whole.
 */
@Timeout(60)
class PackageDependenciesTest {
    private static final String DAEMON = "dev.ferry.daemon";

    @Test
    void noTwoPackagesOfTheDaemonDependOnEachOther() throws Exception {
        Map<String, Set<String>> graph = packageGraph();
        assertThat(graph).as("jdeps found the daemon's packages").containsKeys(DAEMON, DAEMON + ".session",
                DAEMON + ".writer", DAEMON + ".transfer");

        List<Set<String>> cycles = PackageGraph.cycles(graph);

        assertThat(cycles).as("packages that depend on each other, in " + graph).isEmpty();
    }

    @Test
    void nothingImportsTheRootPackage() throws Exception {
        Map<String, Set<String>> graph = packageGraph();
        graph.forEach((from, to) -> assertThat(to).as(from + " depends on").doesNotContain(DAEMON));
    }

    @Test
    void theWriterShowsOneTypeToTheRestOfTheDaemon() throws Exception {
        Path writer = classes().resolve("dev/ferry/daemon/writer");
        List<String> publicTypes = new ArrayList<>();
        try (Stream<Path> files = Files.list(writer)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".class") || name.contains("$")) {
                    continue;
                }
                Class<?> type = Class.forName(DAEMON + ".writer." + name.substring(0, name.length() - 6));
                if (Modifier.isPublic(type.getModifiers())) {
                    publicTypes.add(type.getSimpleName());
                }
            }
        }
        assertThat(publicTypes).containsExactly("Outbound");
    }

    private static Path classes() {
        return PackageGraph.classesOf(Ferryd.class);
    }

    private static Map<String, Set<String>> packageGraph() {
        return PackageGraph.of(Ferryd.class, DAEMON);
    }
}
