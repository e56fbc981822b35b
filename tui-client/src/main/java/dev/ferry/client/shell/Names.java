package dev.ferry.client.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads file names after {@code get}: quoted names may hold spaces, and so may a single known name. */
final class Names {
    private Names() {}

    static List<String> parse(String rest, Set<String> known) {
        if (rest.isEmpty()) {
            return List.of();
        }
        if (known.contains(rest)) {
            return List.of(rest);
        }
        List<String> names = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    names.add(current.toString());
                }
                current.setLength(0);
                any = false;
            } else {
                current.append(c);
                any = true;
            }
        }
        if (any) {
            names.add(current.toString());
        }
        return names;
    }
}
