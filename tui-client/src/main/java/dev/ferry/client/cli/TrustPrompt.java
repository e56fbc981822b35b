package dev.ferry.client.cli;

import dev.ferry.client.trust.KnownServers;
import dev.ferry.client.trust.ServerTrust;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * First contact with a server, asked on the terminal as SSH asks about a host key: the fingerprint
 * is shown, and only "yes" trusts it. Reads the answer a byte at a time, so nothing typed after the
 * line is taken from whoever reads the terminal next (the shell).
 */
final class TrustPrompt implements ServerTrust.Prompt {
    private static final int LONGEST_ANSWER = 64;

    private final InputStream in;
    private final PrintWriter err;
    private final KnownServers known;

    TrustPrompt(InputStream in, PrintWriter err, KnownServers known) {
        this.in = in;
        this.err = err;
        this.known = known;
    }

    @Override
    public boolean trust(String server, String fingerprint) throws IOException {
        err.println("The server " + server + " is not known yet.");
        err.println("Its fingerprint is " + fingerprint + ".");
        err.println("Compare it with what 'ferryd fingerprint' prints on that server.");
        for (int attempt = 0; attempt < 3; attempt++) {
            err.print("Trust it and remember it in " + known.file() + "? (yes/no) ");
            err.flush();
            String answer = readLine();
            if (answer == null) {
                err.println();
                return false;
            }
            answer = answer.strip().toLowerCase(Locale.ROOT);
            if (answer.equals("yes")) {
                return true;
            }
            if (answer.equals("no") || answer.equals("n")) {
                return false;
            }
            err.println("Please type 'yes' or 'no'.");
        }
        return false;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        byte[] bytes = new byte[LONGEST_ANSWER];
        int length = 0;
        for (;;) {
            int b = in.read();
            if (b < 0) {
                return length == 0 ? null : new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            if (b == '\n') {
                return line.append(new String(bytes, 0, length, StandardCharsets.UTF_8)).toString();
            }
            if (length < bytes.length) {
                bytes[length++] = (byte) b;
            }
        }
    }
}
