package dev.ferry.client.command;

import dev.ferry.client.FerryClient;
import dev.ferry.protocol.Message.FileEntry;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a {@link Typed} command for the shell and the terminal UI alike: sends its request, words
 * the reply ({@link Replies}) and hands it to the {@link Front}. A command that needs the server
 * while there is no connection says so and sends nothing. Runs on the front end's output thread
 * and never waits.
 */
public final class CommandRunner {
    private final Front front;
    private final Typed.Visitor<Void> cases = new Cases();
    /** The server's files as the front end last listed them. */
    private Set<String> known = Set.of();

    public CommandRunner(Front front) {
        this.front = front;
    }

    /** Runs one command. */
    public void run(Typed typed) {
        typed.accept(cases);
    }

    /**
     * Reads {@code line} as the shell does and runs it. A {@code get} of names all in
     * {@code knownFiles} starts at once; a folder or a pattern is first matched against the list.
     */
    public void run(String line, Set<String> knownFiles) {
        known = knownFiles;
        run(Typed.parse(line, knownFiles));
    }

    /** Sends {@code request} if connected; the reply goes to {@code onReply}, a failure to the front's errors. */
    private <T> void ask(String what, Function<FerryClient, CompletableFuture<T>> request, Consumer<T> onReply) {
        FerryClient client = front.client();
        if (client == null) {
            front.error(Replies.notConnected());
            return;
        }
        front.request(client, request, (value, failure) -> {
            if (failure != null) {
                front.error(Replies.failed(what, failure));
            } else {
                onReply.accept(value);
            }
        });
    }

    /** Pings {@code left} more times, one after another, while the connection is the same one. */
    private void ping(FerryClient client, int left) {
        front.request(client, FerryClient::ping, (rtt, failure) -> {
            if (failure != null) {
                front.error(Replies.failed("ping", failure));
                return;
            }
            front.reply(Replies.pong(rtt));
            if (left > 1 && front.client() == client) {
                ping(client, left - 1);
            }
        });
    }

    private final class Cases implements Typed.Visitor<Void> {
        @Override
        public Void list(Typed.ListFiles list) {
            ask("list", FerryClient::list, files -> front.listed(files, list.bytes()));
            return null;
        }

        @Override
        public Void get(Typed.Get get) {
            if (front.client() == null) {
                front.error(Replies.notConnected());
                return null;
            }
            if (get.names().stream().noneMatch(Selection::isPattern) && known.containsAll(get.names())) {
                get.names().forEach(name -> front.download(name, get.overwrite()));
                return null;
            }
            // a pattern or a folder: matched against the server's list as it is now
            ask("get", FerryClient::list, files -> {
                for (Selection.Group group : Selection.of(get.names(), files.stream().map(FileEntry::name).toList())) {
                    if (Selection.isPattern(group.argument()) && group.names().isEmpty()) {
                        front.error("! get " + group.argument() + ": no file on the server matches");
                    }
                    group.names().forEach(name -> front.download(name, get.overwrite()));
                }
            });
            return null;
        }

        @Override
        public Void put(Typed.Put put) {
            if (front.client() == null) {
                front.error(Replies.notConnected());
                return null;
            }
            String prefix = put.to().replaceAll("^/+|/+$", "");
            prefix = prefix.isEmpty() ? "" : prefix + "/";
            for (String path : put.paths()) {
                Path local;
                try {
                    local = Path.of(path);
                } catch (InvalidPathException e) {
                    front.error("! put " + path + ": " + e.getMessage());
                    continue;
                }
                front.put(local, prefix, put.as(), put.overwrite());
            }
            return null;
        }

        @Override
        public Void status(Typed.Status status) {
            FerryClient client = front.client();
            ask("status", FerryClient::status, rows -> {
                front.connections(rows);
                front.reply(String.join("\n", Replies.status(rows, client.name())));
            });
            return null;
        }

        @Override
        public Void who(Typed.Who who) {
            FerryClient client = front.client();
            ask("who", FerryClient::who, names -> front.reply(String.join("\n", Replies.who(names, client.name()))));
            return null;
        }

        @Override
        public Void ping(Typed.Ping ping) {
            FerryClient client = front.client();
            if (client == null) {
                front.error(Replies.notConnected());
                return null;
            }
            CommandRunner.this.ping(client, ping.count());
            return null;
        }

        @Override
        public Void uptime(Typed.Uptime uptime) {
            ask("uptime", FerryClient::uptime, up -> front.reply(Replies.uptime(up)));
            return null;
        }

        @Override
        public Void help(Typed.Help help) {
            String footer = front.helpFooter();
            ask("help", FerryClient::help, text -> front.reply(Replies.help(text) + (footer != null ? "\n" + footer : "")));
            return null;
        }

        @Override
        public Void about(Typed.About about) {
            ask("about", FerryClient::about, reply -> front.reply(Replies.about(reply)));
            return null;
        }

        @Override
        public Void exit(Typed.Exit exit) {
            front.exit();
            return null;
        }

        @Override
        public Void say(Typed.Say say) {
            ask("message", client -> client.say(say.text()), acked -> front.acked(Replies.acked(acked)));
            return null;
        }

        @Override
        public Void msg(Typed.Msg msg) {
            ask("msg", client -> client.msg(msg.to(), msg.text()), acked -> front.acked(Replies.ackedTo(msg.to(), acked)));
            return null;
        }

        @Override
        public Void invalid(Typed.Invalid invalid) {
            front.error(Replies.invalid(invalid));
            return null;
        }

        @Override
        public Void blank(Typed.Blank blank) {
            return null;
        }
    }
}
