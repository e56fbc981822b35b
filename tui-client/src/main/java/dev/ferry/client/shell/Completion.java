package dev.ferry.client.shell;

import dev.ferry.client.command.Typed;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * What Tab offers for the word being typed, in the shell and on the TUI's command line alike: a
 * command word first, then the server's file names after {@code get}, and a client's name after
 * {@code msg}. {@code start} is where the word begins in the line (at its opening quote, if any).
 */
public record Completion(int start, String prefix, List<String> candidates) {
    public Completion {
        candidates = List.copyOf(candidates);
    }

    /** The candidates for the word that ends at {@code cursor} in {@code line}. */
    public static Completion at(String line, int cursor, Collection<String> files, Collection<String> clients) {
        String before = line.substring(0, Math.min(cursor, line.length()));
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        int start = 0;
        boolean inWord = false;
        for (int i = 0; i < before.length(); i++) {
            char c = before.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                if (!inWord) {
                    start = i;
                    inWord = true;
                }
                quote = c;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                if (!inWord) {
                    start = i;
                    inWord = true;
                }
                word.append(c);
            }
        }
        if (!inWord) {
            start = before.length();
        }
        String prefix = word.toString();
        return new Completion(start, prefix, matching(prefix, offered(words, prefix, files, clients)));
    }

    private static Collection<String> offered(List<String> words, String prefix, Collection<String> files,
            Collection<String> clients) {
        if (words.isEmpty()) {
            return Typed.COMMANDS;
        }
        String command = words.get(0).toLowerCase(Locale.ROOT);
        if (command.equals("get")) {
            if (prefix.startsWith("-")) {
                List<String> options = new ArrayList<>(files);
                options.add("--overwrite");
                return options;
            }
            return files;
        }
        if (command.equals("msg") && words.size() == 1) {
            return clients;
        }
        return List.of();
    }

    private static List<String> matching(String prefix, Collection<String> offered) {
        String lower = prefix.toLowerCase(Locale.ROOT);
        return offered.stream().filter(name -> name.toLowerCase(Locale.ROOT).startsWith(lower)).sorted().distinct().toList();
    }

    /** The longest start that every candidate shares, in the case the candidates have. */
    public String shared() {
        if (candidates.isEmpty()) {
            return prefix;
        }
        String first = candidates.get(0);
        int length = first.length();
        for (String other : candidates) {
            int i = 0;
            while (i < length && i < other.length() && other.charAt(i) == first.charAt(i)) {
                i++;
            }
            length = i;
        }
        return length >= prefix.length() ? first.substring(0, length) : prefix;
    }

    /** {@code word} as it is typed: in double quotes when it holds a space or a quote, or is empty. */
    public static String typed(String word) {
        boolean quote = word.isEmpty() || word.chars().anyMatch(c -> Character.isWhitespace(c) || c == '\'' || c == '"');
        return quote ? '"' + word + '"' : word;
    }
}
