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
import dev.ferry.protocol.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The command line at the bottom: a prompt with your name, then what you type. Enter runs the
 * line (anything the shell takes), Up and Down recall earlier lines, Esc clears the line or, when
 * it is empty, goes back to the panes. While it has focus the prompt is in reverse video.
 */
final class CommandBar extends Panel {
    private static final int HISTORY = 100;

    private final Label prompt = new Label("");
    private final Input input = new Input();
    private final Consumer<String> submit;
    private final Runnable leave;
    private final List<String> history = new ArrayList<>();
    private int recalled;
    private Runnable focusListener = () -> {};

    CommandBar(Consumer<String> submit, Runnable leave) {
        super(new LinearLayout(Direction.HORIZONTAL).setSpacing(0));
        this.submit = submit;
        this.leave = leave;
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
        String line = input.getText();
        input.setText("");
        recalled = history.size();
        if (line.isBlank()) {
            return;
        }
        if (history.isEmpty() || !history.get(history.size() - 1).equals(line)) {
            history.add(line);
            if (history.size() > HISTORY) {
                history.remove(0);
            }
        }
        recalled = history.size();
        submit.accept(line);
    }

    private void recall(int step) {
        if (history.isEmpty()) {
            return;
        }
        recalled = Math.max(0, Math.min(history.size(), recalled + step));
        String text = recalled == history.size() ? "" : history.get(recalled);
        input.setText(text);
        input.setCaretPosition(text.length());
    }

    /** The text box, with Enter, history and Esc of its own. */
    private final class Input extends TextBox {
        Input() {
            super(new TerminalSize(10, 1), TextBox.Style.SINGLE_LINE);
        }

        @Override
        public synchronized Result handleKeyStroke(KeyStroke key) {
            switch (key.getKeyType()) {
                case Enter -> run();
                case ArrowUp -> recall(-1);
                case ArrowDown -> recall(1);
                case Escape -> {
                    if (getText().isEmpty()) {
                        leave.run();
                    } else {
                        setText("");
                    }
                }
                case Tab -> {
                    return Result.MOVE_FOCUS_NEXT;
                }
                case ReverseTab -> {
                    return Result.MOVE_FOCUS_PREVIOUS;
                }
                default -> {
                    return super.handleKeyStroke(key);
                }
            }
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
