package dev.ferry.protocol.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
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

/**
 * Which packages of a module use which, as its compiled classes show: the JDK's {@code jdeps}
 * reads them in-process. A module's design test asks it for the loops among its packages, which
 * must be none: shared types then live in a leaf package, and a part cannot reach back into the
 * whole that assembles it.
 */
public final class PackageGraph {
    private PackageGraph() {}

    /**
     * Package to the packages under {@code prefix} it uses (itself left out), from
     * {@code jdeps -verbose:package} over the classes {@code anyClass} was loaded from.
     */
    public static Map<String, Set<String>> of(Class<?> anyClass, String prefix) {
        Path classes = classesOf(anyClass);
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String quoted = Pattern.quote(prefix);
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-e", quoted + ".*",
                classes.toString());
        if (status != 0) {
            throw new AssertionError("jdeps " + classes + " exited " + status + ": " + err);
        }
        Pattern edge = Pattern.compile("^\\s*(" + quoted + "\\S*)\\s+->\\s+(" + quoted + "\\S*)\\s");
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher found = edge.matcher(line);
            if (!found.find()) {
                continue;
            }
            graph.computeIfAbsent(found.group(1), p -> new TreeSet<>());
            if (!found.group(1).equals(found.group(2))) {
                graph.get(found.group(1)).add(found.group(2));
            }
        }
        return graph;
    }

    /** The folder or jar {@code anyClass} was loaded from. */
    public static Path classesOf(Class<?> anyClass) {
        try {
            return Path.of(anyClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** The loops: strongly connected components of more than one package (Tarjan's algorithm). */
    public static List<Set<String>> cycles(Map<String, Set<String>> graph) {
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
