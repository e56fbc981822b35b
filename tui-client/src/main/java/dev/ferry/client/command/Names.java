package dev.ferry.client.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads file names after {@code get}: names in double or single quotes may hold spaces (and the
 * other kind of quote), and so may a single known name typed without quotes.
 */
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
        char quote = 0;
        boolean any = false;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
                any = true;
            } else if (quote != 0 && c == quote) {
                quote = 0;
            } else if (Character.isWhitespace(c) && quote == 0) {
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
