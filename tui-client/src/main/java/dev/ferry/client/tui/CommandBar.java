package dev.ferry.client.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.Direction;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.LinearLayout;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.gui2.TextBox;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.ferry.client.shell.Completion;
import dev.ferry.protocol.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.jline.reader.History;

/**
 * The command line at the bottom: a prompt with your name, then what you type. Keys edit the line
 * as readline does ({@link LineEditor}); Enter runs it (anything the shell takes); Up and Down
 * recall earlier lines from the history the shell keeps too; Tab completes a command word, a file
 * name or a client's name (on an empty line it moves to the next pane, as everywhere); Esc clears
 * the line or, when it is empty, goes back to the panes. While it has focus the prompt is in
 * reverse video.
 */
final class CommandBar extends Panel {
    private final Label prompt = new Label("");
    private final Input input = new Input();
    private final LineEditor line = new LineEditor();
    private final Consumer<String> submit;
    private final Runnable leave;
    private final BiFunction<String, Integer, Completion> completer;
    private final Consumer<List<String>> showMatches;
    private final History history;
    /** Earlier lines while Up and Down move through them, with what was being typed last; else null. */
    private List<String> recalling;
    private int recalled;
    private Runnable focusListener = () -> {};

    /**
     * @param completer   what Tab offers for a line and a cursor position in it
     * @param showMatches shows the candidates when Tab finds several
     * @param history     the lines run before, here and in the shell
     */
    CommandBar(Consumer<String> submit, Runnable leave, BiFunction<String, Integer, Completion> completer,
            Consumer<List<String>> showMatches, History history) {
        super(new LinearLayout(Direction.HORIZONTAL).setSpacing(0));
        this.submit = submit;
        this.leave = leave;
        this.completer = completer;
        this.showMatches = showMatches;
        this.history = history;
        addComponent(prompt);
        addComponent(input.setLayoutData(LinearLayout.createLayoutData(LinearLayout.Alignment.Fill,
                LinearLayout.GrowPolicy.CanGrow)));
    }

    /** Sets the prompt, such as {@code Client01>}. */
    void prompt(String text) {
        prompt.setText(Text.printable(text) + " "); // a Label, drawn by Lanterna past Palette.put
    }

    /** The part that takes focus. */
    Interactable input() {
        return input;
    }

    /** Called whenever the command line gains or loses focus. */
    void onFocusChange(Runnable listener) {
        this.focusListener = listener;
    }

    private void run() {
        String typed = line.text();
        line.set("");
        recalling = null;
        if (typed.isBlank()) {
            return;
        }
        history.add(typed);
        submit.accept(typed);
    }

    private void recall(int step) {
        if (recalling == null) {
            recalling = new ArrayList<>();
            history.forEach(entry -> recalling.add(entry.line()));
            recalled = recalling.size();
            recalling.add(line.text());
        }
        int to = Math.max(0, Math.min(recalling.size() - 1, recalled + step));
        if (to == recalled) {
            return;
        }
        recalled = to;
        line.set(recalling.get(recalled));
    }

    /** Tab: the one candidate, with a space after it; or what several share, and the list of them. */
    private void complete() {
        Completion completion = completer.apply(line.text(), line.cursor());
        List<String> candidates = completion.candidates();
        if (candidates.isEmpty()) {
            return;
        }
        if (candidates.size() == 1) {
            line.replaceBefore(completion.start(), Completion.typed(candidates.get(0)) + " ");
            return;
        }
        String shared = completion.shared();
        if (shared.length() > completion.prefix().length()) {
            line.replaceBefore(completion.start(), shared.chars().anyMatch(Character::isWhitespace) ? '"' + shared : shared);
        } else {
            showMatches.accept(candidates);
        }
    }

    /** Runs a key on the line; false if it is not an editing key. */
    private boolean edit(KeyStroke key) {
        boolean ctrl = key.isCtrlDown();
        boolean alt = key.isAltDown();
        switch (key.getKeyType()) {
            case Character -> {
                char c = Character.toLowerCase(key.getCharacter());
                if (ctrl && !alt) {
                    switch (c) {
                        case 'a' -> line.home();
                        case 'e' -> line.end();
                        case 'u' -> line.killToStart();
                        case 'k' -> line.killToEnd();
                        case 'w' -> line.killWordBack();
                        case 'y' -> line.yank();
                        case 'b' -> line.left();
                        case 'f' -> line.right();
                        case 'd' -> line.delete();
                        case 'h' -> line.backspace();
                        default -> {
                            return false;
                        }
                    }
                } else if (alt && !ctrl) {
                    switch (c) {
                        case 'b' -> line.wordBack();
                        case 'f' -> line.wordForward();
                        default -> {
                            return false;
                        }
                    }
                } else if (!ctrl) {
                    line.insert(String.valueOf(key.getCharacter()));
                } else {
                    return false;
                }
            }
            case ArrowLeft -> {
                if (ctrl || alt) {
                    line.wordBack();
                } else {
                    line.left();
                }
            }
            case ArrowRight -> {
                if (ctrl || alt) {
                    line.wordForward();
                } else {
                    line.right();
                }
            }
            case Home -> line.home();
            case End -> line.end();
            case Backspace -> line.backspace();
            case Delete -> line.delete();
            default -> {
                return false;
            }
        }
        recalling = null;
        return true;
    }

    /** The text box, showing {@link #line}; every key goes through {@link #edit} or the cases here. */
    private final class Input extends TextBox {
        Input() {
            super(new TerminalSize(10, 1), TextBox.Style.SINGLE_LINE);
        }

        @Override
        public synchronized Result handleKeyStroke(KeyStroke key) {
            KeyType type = key.getKeyType();
            if (type == KeyType.MouseEvent) {
                return super.handleKeyStroke(key); // a click takes focus
            }
            if (type == KeyType.Tab && !line.text().isBlank()) {
                complete();
            } else if (type == KeyType.Tab) {
                return Result.MOVE_FOCUS_NEXT;
            } else if (type == KeyType.ReverseTab) {
                return Result.MOVE_FOCUS_PREVIOUS;
            } else if (type == KeyType.Enter) {
                run();
            } else if (type == KeyType.ArrowUp) {
                recall(-1);
            } else if (type == KeyType.ArrowDown) {
                recall(1);
            } else if (type == KeyType.Escape) {
                if (line.text().isEmpty()) {
                    leave.run();
                    return Result.HANDLED;
                }
                line.set("");
                recalling = null;
            } else if (!edit(key)) {
                return Result.UNHANDLED;
            }
            setText(line.text());
            setCaretPosition(line.cursor());
            return Result.HANDLED;
        }

        @Override
        protected void afterEnterFocus(FocusChangeDirection direction, Interactable previouslyInFocus) {
            prompt.addStyle(SGR.REVERSE);
            focusListener.run();
        }

        @Override
        protected void afterLeaveFocus(FocusChangeDirection direction, Interactable nextInFocus) {
            prompt.removeStyle(SGR.REVERSE);
            focusListener.run();
        }
    }
}
