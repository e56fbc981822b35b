package dev.ferry.client.command;

import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the arguments of {@code ferry get} name, worked out against the server's list: a file's
 * name is that file; a folder's name (with or without a trailing {@code /}) is every file under
 * it; a pattern ({@code *.txt}, {@code docs/**}, {@code photo-?.jpg}, {@code [ab]*}) is every file
 * whose whole name it matches (the command line, the shell and the UI's command line all read
 * {@code get}'s names this way), {@code *} and {@code ?} within one folder, {@code **} across
 * folders. A name the list does not show is asked for as it is, so the server says why not.
 */
public final class Selection {

    /** One argument and the server names it stands for; {@code many}: a folder or a pattern, said in one summary line. */
    public record Group(String argument, boolean many, List<String> names) {}

    private Selection() {}

    /** True if {@code argument} is a pattern rather than a name. */
    public static boolean isPattern(String argument) {
        return argument.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    /** The groups for {@code arguments}, in their order, each name once over all of them. */
    public static List<Group> of(List<String> arguments, List<String> listed) {
        Set<String> files = new LinkedHashSet<>(listed);
        Set<String> taken = new java.util.HashSet<>();
        List<Group> groups = new ArrayList<>();
        for (String argument : arguments) {
            List<String> names;
            boolean many;
            if (files.contains(argument)) {
                names = List.of(argument);
                many = false;
            } else if (isPattern(argument) && (names = matching(argument, files)) != null) {
                many = true;
            } else {
                String folder = argument.endsWith("/") ? argument : argument + "/";
                names = files.stream().filter(name -> name.startsWith(folder)).toList();
                many = !names.isEmpty();
                if (!many) {
                    names = List.of(argument); // not listed: the server says why
                }
            }
            List<String> fresh = names.stream().filter(taken::add).toList();
            groups.add(new Group(argument, many, fresh));
        }
        return groups;
    }

    /** The names {@code pattern} matches; null if it is no pattern after all (an unclosed {@code [}), but a name. */
    private static List<String> matching(String pattern, Set<String> files) {
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        } catch (IllegalArgumentException e) {
            return null;
        }
        List<String> matched = new ArrayList<>();
        for (String name : files) {
            try {
                if (matcher.matches(Path.of(name))) {
                    matched.add(name);
                }
            } catch (InvalidPathException e) {
                // a name this system cannot even hold as a path is not one to fetch
            }
        }
        return matched;
    }
}
