package dev.ferry.daemon.design;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.Ferryd;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
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
    private static final Pattern EDGE = Pattern.compile("^\\s*(dev\\.ferry\\.daemon\\S*)\\s+->\\s+(dev\\.ferry\\.daemon\\S*)\\s");

    @Test
    void noTwoPackagesOfTheDaemonDependOnEachOther() throws Exception {
        Map<String, Set<String>> graph = packageGraph();
        assertThat(graph).as("jdeps found the daemon's packages").containsKeys(DAEMON, DAEMON + ".session",
                DAEMON + ".writer", DAEMON + ".transfer");

        List<Set<String>> cycles = cycles(graph);

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

    /** The detector itself: a loop of three is found, a chain is not. */
    @Test
    void aLoopRoundThreePackagesIsFoundAndAChainIsNot() {
        Map<String, Set<String>> loop = new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d")));
        Map<String, Set<String>> chain = new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("d")));

        assertThat(cycles(loop)).containsExactly(new TreeSet<>(Set.of("a", "b", "c")));
        assertThat(cycles(chain)).isEmpty();
    }

    private static Path classes() throws URISyntaxException {
        return Path.of(Ferryd.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Package to the daemon packages it uses, from {@code jdeps -verbose:package} over the main classes. */
    private static Map<String, Set<String>> packageGraph() throws URISyntaxException {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package",
                "-e", "dev\\.ferry\\.daemon.*", classes().toString());
        assertThat(status).as("jdeps: " + err).isZero();
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher edge = EDGE.matcher(line);
            if (!edge.find()) {
                continue;
            }
            graph.computeIfAbsent(edge.group(1), p -> new TreeSet<>());
            if (!edge.group(1).equals(edge.group(2))) {
                graph.get(edge.group(1)).add(edge.group(2));
            }
        }
        return graph;
    }

    /** The strongly connected components of more than one package (Tarjan's algorithm). */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> found = new ArrayList<>();
        for (String node : graph.keySet()) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, onStack, found);
            }
        }
        return found;
    }

    private static void connect(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> found) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, onStack, found);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (!low.get(node).equals(index.get(node))) {
            return;
        }
        Set<String> component = new TreeSet<>();
        String member;
        do {
            member = stack.pop();
            onStack.remove(member);
            component.add(member);
        } while (!member.equals(node));
        if (component.size() > 1) {
            found.add(component);
        }
    }
}
