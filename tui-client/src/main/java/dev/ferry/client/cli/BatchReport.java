package dev.ferry.client.cli;

import dev.ferry.client.command.Selection;
import dev.ferry.client.failure.FerryException;
import dev.ferry.client.transfer.FileTransfer;
import dev.ferry.client.wording.Formats;
import dev.ferry.protocol.Text;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * The end of a {@code ferry get} or {@code ferry put}: its transfers, grouped by the argument that
 * named them, waited for in order and said in lines. A file named alone gets its own line; a
 * folder or a pattern gets one summary line, with a line for each file that failed. The exit
 * status is 0 when everything was verified, else the status every failure shares, else 1.
 */
final class BatchReport<T extends FileTransfer<?>> {

    /** The transfers of one argument; {@code many}: a folder or a pattern. {@code note} ends its summary. */
    record Group<T>(String argument, boolean many, List<T> transfers, String note) {}

    private final String verb;
    private final Function<T, String> verifiedLine;
    private final List<String> lines = new ArrayList<>();
    private final List<Integer> statuses = new ArrayList<>();

    /**
     * @param verb "get" or "put", as failures name the command
     * @param verifiedLine the line for a file named alone, once it is verified
     */
    BatchReport(String verb, Function<T, String> verifiedLine) {
        this.verb = verb;
        this.verifiedLine = verifiedLine;
    }

    /** A failure before any transfer could start, such as a local path that is not there. */
    void failed(String argument, String reason, int status) {
        lines.add("ferry: " + verb + " " + Text.printable(argument) + ": " + reason);
        statuses.add(status);
    }

    /** Waits for a group's transfers and words them; false if the wait was cut short by {@code interrupted}. */
    boolean await(Group<T> group, java.util.function.BooleanSupplier interrupted) {
        int verified = 0;
        long bytes = 0;
        for (T transfer : group.transfers()) {
            try {
                transfer.result().join();
                verified++;
                bytes += transfer.size();
                if (!group.many()) {
                    lines.add(verifiedLine.apply(transfer));
                }
            } catch (CompletionException e) {
                if (interrupted.getAsBoolean()) {
                    return false;
                }
                String failure = Formats.failure(e);
                // the server's own words may say it already
                String hint = e.getCause() instanceof FerryException fe && fe.kind() == FerryException.Kind.EXISTS
                        && !failure.contains("overwrite") ? " (use --overwrite to replace it)" : "";
                lines.add("ferry: " + verb + " " + Text.printable(transfer.name()) + ": " + failure + hint);
                statuses.add(e.getCause() instanceof FerryException fe ? ExitCodes.of(fe) : ExitCodes.FAILED);
            }
        }
        if (!group.many()) {
            return true;
        }
        String argument = Text.printable(group.argument());
        int total = group.transfers().size();
        if (total == 0 && Selection.isPattern(group.argument()) && verb.equals("get")) {
            failed(group.argument(), "no file on the server matches", ExitCodes.FAILED);
        } else if (verified == total) {
            lines.add("verified  " + argument + "  " + files(total) + "  " + Formats.size(bytes) + group.note());
        } else {
            lines.add("ferry: " + verb + " " + argument + ": " + verified + " of " + files(total) + " verified, "
                    + (total - verified) + " failed" + group.note());
        }
        return true;
    }

    private static String files(int count) {
        return count + (count == 1 ? " file" : " files");
    }

    /** Prints every line, results to {@code out} and failures to {@code err}, in order; returns the exit status. */
    int print(PrintWriter out, PrintWriter err) {
        for (String line : lines) {
            (line.startsWith("ferry: ") ? err : out).println(line);
        }
        if (statuses.isEmpty()) {
            return ExitCodes.OK;
        }
        int first = statuses.get(0);
        return statuses.stream().allMatch(s -> s == first) ? first : ExitCodes.FAILED;
    }
}
