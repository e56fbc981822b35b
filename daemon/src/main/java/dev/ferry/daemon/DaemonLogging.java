package dev.ferry.daemon;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.status.NopStatusListener;
import ch.qos.logback.core.status.Status;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Points ferryd's log at its file. The file is checked first, so a log that cannot be written is
 * one line for the user before Logback is touched; Logback's own status messages, which it prints
 * to the console with stack traces when something goes wrong, are read here instead and reduced
 * to one line too.
 */
final class DaemonLogging {
    /** ferryd's Logback configuration, in this jar. */
    static final String CONFIGURATION = "ferryd-logback.xml";

    /** The system property Logback reads its configuration's name from. */
    static final String CONFIGURATION_KEY = "logback.configurationFile";

    private DaemonLogging() {}

    /**
     * Sends the log to {@code logFile} with ferryd's configuration, or with the one named by the
     * {@code logback.configurationFile} property if the user gave one. Returns why it could not, in
     * one line, or empty on success. In a JVM whose logging is already set up (a test's), that
     * setup stays.
     */
    static Optional<String> start(Path logFile) {
        Optional<String> problem = checkWritable(logFile);
        if (problem.isPresent()) {
            return problem;
        }
        System.setProperty("ferry.log.file", logFile.toString());
        if (System.getProperty(CONFIGURATION_KEY) == null) {
            // ferryd's own configuration, never another logback.xml that shares the classpath
            System.setProperty(CONFIGURATION_KEY, CONFIGURATION);
        }
        if (System.getProperty(CoreConstants.STATUS_LISTENER_CLASS_KEY) == null) {
            // with a status listener, Logback keeps its status to itself instead of printing it
            System.setProperty(CoreConstants.STATUS_LISTENER_CLASS_KEY, NopStatusListener.class.getName());
        }
        return errors((LoggerContext) LoggerFactory.getILoggerFactory(), logFile);
    }

    /**
     * Makes sure {@code logFile} can be opened for appending, creating its folder if need be.
     * Returns what stands in the way, in one line, or empty.
     */
    static Optional<String> checkWritable(Path logFile) {
        Path file = logFile.toAbsolutePath();
        if (Files.isDirectory(file)) {
            return Optional.of("cannot open log file " + logFile + ": is a folder");
        }
        Path folder = file.getParent();
        try {
            Files.createDirectories(folder);
        } catch (FileAlreadyExistsException e) {
            return Optional.of("cannot create log folder " + e.getFile() + ": a file of that name is in the way");
        } catch (IOException e) {
            Path failed = e instanceof FileSystemException fse && fse.getFile() != null ? Path.of(fse.getFile()) : folder;
            return Optional.of("cannot create log folder " + failed + ": " + reason(e));
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot open log file " + logFile + ": " + reason(e));
        }
    }

    /**
     * The first error Logback has reported while setting up {@code context}, in one line naming
     * {@code logFile}, or empty if there was none.
     */
    static Optional<String> errors(LoggerContext context, Path logFile) {
        for (Status status : context.getStatusManager().getCopyOfStatusList()) {
            if (status.getLevel() == Status.ERROR) {
                return Optional.of("cannot write the log to " + logFile + ": " + firstLine(describe(status)));
            }
        }
        return Optional.empty();
    }

    private static String describe(Status status) {
        Throwable cause = status.getThrowable();
        if (cause != null && cause.getMessage() != null) {
            return cause.getMessage();
        }
        return status.getMessage();
    }

    /** What went wrong, in a few words, without repeating the path the caller already names. */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "the file system there does not allow it";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            String reason = fse.getReason();
            return reason.isEmpty() ? reason : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
        }
        return firstLine(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse(text);
    }
}
