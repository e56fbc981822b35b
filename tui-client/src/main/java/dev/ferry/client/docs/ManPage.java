package dev.ferry.client.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A manual page in roff (man(7)) written from a picocli command model, the same one that parses
 * the flags, so the page lists exactly the options and subcommands the program has: a page for
 * the command, with each subcommand (and theirs) as a subsection of COMMANDS.
 *
 * <p>picocli's own ManPageGenerator writes AsciiDoc, which then needs Asciidoctor (and JRuby) to
 * become a man page; writing roff directly needs neither, and man -l renders the result.
 */
public final class ManPage {
    private final StringBuilder roff = new StringBuilder();

    private ManPage() {}

    /** The page for COMMAND, headed with VERSION (such as {@code Ferry 1.0.0}). */
    public static String of(CommandLine command, String version) {
        ManPage page = new ManPage();
        page.write(command.getCommandSpec(), version);
        return page.roff.toString();
    }

    private void write(CommandSpec spec, String version) {
        String name = spec.name();
        line(".TH " + name.toUpperCase(Locale.ROOT) + " 1 \"\" " + quote(version) + " \"User Commands\"");
        line(".SH NAME");
        line(escape(name) + " \\- " + escape(firstSentence(spec)));
        line(".SH SYNOPSIS");
        synopsis(spec);
        line(".SH DESCRIPTION");
        paragraphs(spec.usageMessage().description());
        if (!visibleOptions(spec).isEmpty() || !spec.positionalParameters().isEmpty()) {
            line(".SH OPTIONS");
            arguments(spec);
        }
        if (!spec.subcommands().isEmpty()) {
            line(".SH COMMANDS");
            for (CommandLine sub : spec.subcommands().values()) {
                subcommand(sub.getCommandSpec());
            }
        }
        String[] footer = spec.usageMessage().footer();
        if (footer.length > 0) {
            line(".SH NOTES");
            paragraphs(footer);
        }
    }

    private void subcommand(CommandSpec spec) {
        if (spec.usageMessage().hidden()) {
            return;
        }
        line(".SS " + escape(spec.qualifiedName()));
        synopsis(spec);
        paragraphs(spec.usageMessage().description());
        List<OptionSpec> own = new ArrayList<>();
        for (OptionSpec option : visibleOptions(spec)) {
            if (!option.inherited()) {
                own.add(option);
            }
        }
        if (!own.isEmpty() || !spec.positionalParameters().isEmpty()) {
            line(".RS");
            arguments(spec);
            line(".RE");
        }
        for (CommandLine sub : spec.subcommands().values()) {
            subcommand(sub.getCommandSpec());
        }
    }

    private void synopsis(CommandSpec spec) {
        String text = new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF))
                .synopsis(0).strip().replaceAll("\\s+", " ");
        line(".PP");
        line(".nf");
        line("\\fB" + escape(text) + "\\fR");
        line(".fi");
    }

    private void arguments(CommandSpec spec) {
        for (PositionalParamSpec parameter : spec.positionalParameters()) {
            if (parameter.hidden()) {
                continue;
            }
            line(".TP");
            line("\\fI" + escape(parameter.paramLabel()) + "\\fR");
            line(escape(String.join(" ", parameter.renderedDescription()).strip()));
        }
        for (OptionSpec option : visibleOptions(spec)) {
            if (option.inherited()) {
                continue;
            }
            line(".TP");
            StringBuilder names = new StringBuilder();
            for (String n : option.names()) {
                if (names.length() > 0) {
                    names.append(", ");
                }
                names.append("\\fB").append(escape(n)).append("\\fR");
            }
            if (option.arity().max() > 0) {
                names.append("=\\fI").append(escape(option.paramLabel())).append("\\fR");
            }
            line(names.toString());
            line(escape(String.join(" ", option.renderedDescription()).strip()));
        }
    }

    private static List<OptionSpec> visibleOptions(CommandSpec spec) {
        List<OptionSpec> visible = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            if (!option.hidden()) {
                visible.add(option);
            }
        }
        return visible;
    }

    private static String firstSentence(CommandSpec spec) {
        String[] description = spec.usageMessage().description();
        String first = description.length == 0 ? spec.name() : description[0].replace("%n", " ").strip();
        return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
    }

    /** Text lines, where picocli's %n and empty lines start a new paragraph. */
    private void paragraphs(String[] lines) {
        StringBuilder current = new StringBuilder();
        for (String raw : lines) {
            String[] parts = raw.split("%n", -1);
            for (int i = 0; i < parts.length; i++) {
                if (i > 0 || raw.isBlank()) {
                    paragraph(current.toString());
                    current.setLength(0);
                }
                if (!parts[i].isBlank()) {
                    current.append(current.length() > 0 ? " " : "").append(parts[i].strip());
                }
            }
        }
        paragraph(current.toString());
    }

    private void paragraph(String text) {
        if (text.isBlank()) {
            return;
        }
        line(".PP");
        line(escape(text.strip()));
    }

    private void line(String text) {
        roff.append(text).append('\n');
    }

    private static String quote(String text) {
        return "\"" + text.replace("\"", "'") + "\"";
    }

    /** Text as roff shows it literally: backslashes and dashes escaped, no line taken for a request. */
    static String escape(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-");
        if (escaped.startsWith(".") || escaped.startsWith("'")) {
            escaped = "\\&" + escaped;
        }
        return escaped;
    }
}
