package dev.ferry.client.cli;

import dev.ferry.client.FerryClient;
import dev.ferry.client.connection.ClientListener;
import dev.ferry.client.failure.FerryException;
import dev.ferry.client.wording.Formats;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A subcommand that talks to the server: connect, run, say goodbye. Failures print one line,
 * {@code ferry: ...}, and set the exit status from {@link ExitCodes}.
 */
abstract class ClientCommand implements Callable<Integer> {
    /** How long a reply to a control request may take. */
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    @ParentCommand
    FerryCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        checkUsage();
        FerryClient client;
        try {
            client = root.connect(listener());
        } catch (FerryException e) {
            err().println("ferry: " + Formats.failure(e));
            return ExitCodes.of(e);
        }
        try {
            int status = run(client);
            goodbye(client);
            return status;
        } catch (FerryException e) {
            err().println("ferry: " + Formats.failure(e));
            return ExitCodes.of(e);
        } finally {
            client.close();
            out().flush();
            err().flush();
        }
    }

    /**
     * Checks what picocli cannot, before any connection is made; a wrong use throws a
     * {@link picocli.CommandLine.ParameterException} (exit status 2). Most commands need nothing.
     */
    void checkUsage() {}

    /** Does the command's work; returns its exit status. */
    abstract int run(FerryClient client) throws FerryException;

    /** What the command does with server events; most ignore them. */
    ClientListener listener() {
        return ClientListener.NONE;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Waits for a reply, turning its failure into a {@link FerryException}. */
    static <T> T await(CompletableFuture<T> reply) throws FerryException {
        try {
            return reply.get(REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FerryException fe) {
                throw fe;
            }
            throw new FerryException(FerryException.Kind.LOCAL, null, Formats.failure(e), e);
        } catch (TimeoutException e) {
            throw new FerryException(FerryException.Kind.LOST, "no reply within " + REPLY_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FerryException(FerryException.Kind.CANCELLED, "interrupted");
        }
    }

    private static void goodbye(FerryClient client) {
        if (!client.isOpen()) {
            return;
        }
        try {
            client.exit().get(2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // the server went away first: nothing left to say
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
