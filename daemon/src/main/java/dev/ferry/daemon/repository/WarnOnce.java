package dev.ferry.daemon.repository;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Warnings about the repository's entries, each logged once: a listing read again and again meets
 * the same bad entry (a link loop, a name it cannot serve) every time, and saying so every time
 * would fill the log. Remembers at most {@link #LIMIT} of them; past that, says once that it
 * stops warning. Thread-safe.
 */
final class WarnOnce {
    static final int LIMIT = 10_000;

    private final Logger log;
    private final Set<String> said = ConcurrentHashMap.newKeySet();

    WarnOnce(Logger log) {
        this.log = log;
    }

    void warn(String warning) {
        if (said.size() >= LIMIT || !said.add(warning)) {
            return;
        }
        if (said.size() == LIMIT) {
            log.warn("{} different warnings about the repository's entries: no more are logged until ferryd restarts", LIMIT);
            return;
        }
        log.warn(warning);
    }
}
