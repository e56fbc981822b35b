package dev.ferry.daemon.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** What one class logs while a test runs, as {@code LEVEL message} lines; {@link #stop()} detaches it. */
public final class Logged {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private Logged(Logger logger) {
        this.logger = logger;
    }

    /** Starts recording what {@code type}'s logger logs. */
    public static Logged from(Class<?> type) {
        Logged logged = new Logged((Logger) LoggerFactory.getLogger(type));
        logged.appender.setContext(logged.logger.getLoggerContext());
        logged.appender.start();
        logged.logger.addAppender(logged.appender);
        return logged;
    }

    /** The lines recorded so far, oldest first. */
    public List<String> lines() {
        synchronized (appender.list) {
            return appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
        }
    }

    public void stop() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
