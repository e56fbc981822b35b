package dev.ferry.client.tui;

import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.gui2.WindowListenerAdapter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.ferry.protocol.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A question in a box over the screen, answered with one key: each choice has its key (any case),
 * Enter takes the default choice (the first unless said otherwise; where one choice destroys
 * something, the safe one) and Esc the last. The dialog closes before the choice runs. Its text
 * can change while it is open, so it never states what is no longer true.
 *
 * <p>Only keys typed once the question is on the screen answer it: keys read before it was drawn
 * (typed ahead, meant for a pane or the command line) are dropped, so text typed in a pane can
 * never answer a question that appeared while it was being typed.
 */
final class ChoiceDialog extends BasicWindow {
    private static final int WIDTH = 60;

    /** An answer: the key that picks it, what it says, what it does. */
    record Choice(char key, String label, Runnable action) {}

    private final TextBlock body;
    private final List<Choice> choices;
    private final int enter;
    /** When the dialog was first drawn, in the clock keys are stamped with; 0 until then. */
    private long drawnAt;

    ChoiceDialog(Palette palette, String title, List<String> text, List<Choice> choices) {
        this(palette, title, text, choices, 0);
    }

    /** @param enter the index of the choice Enter takes */
    ChoiceDialog(Palette palette, String title, List<String> text, List<Choice> choices, int enter) {
        super(Text.printable(title)); // Lanterna draws the title itself, past Palette.put
        setHints(Set.of(Window.Hint.CENTERED, Window.Hint.MODAL));
        this.choices = List.copyOf(choices);
        this.enter = enter;
        this.body = new TextBlock(palette, lines(text));
        setComponent(body);
        addWindowListener(new WindowListenerAdapter() {
            @Override
            public void onInput(Window window, KeyStroke key, AtomicBoolean deliverEvent) {
                deliverEvent.set(false);
                if (drawnAt == 0 || key.getEventTime() < drawnAt) {
                    return; // typed before the question was there to read
                }
                Choice picked = pick(key);
                if (picked != null) {
                    close();
                    picked.action().run();
                }
            }
        });
    }

    @Override
    public void draw(TextGUIGraphics graphics) {
        if (drawnAt == 0) {
            drawnAt = System.currentTimeMillis(); // KeyStroke's clock
        }
        super.draw(graphics);
    }

    /** Replaces the question's text, keeping the choices. */
    void text(List<String> text) {
        body.show(lines(text));
    }

    /** The dialog's lines as shown, for tests. */
    List<StyledLine> lines() {
        return body.lines();
    }

    private List<StyledLine> lines(List<String> text) {
        List<StyledLine> lines = new ArrayList<>();
        text.forEach(line -> lines.add(StyledLine.of(line)));
        lines.add(new StyledLine());
        StyledLine keys = new StyledLine();
        for (Choice choice : choices) {
            keys.add("[" + choice.key() + "]", Tone.KEY).add(" " + choice.label() + "   ");
        }
        lines.add(keys);
        Choice last = choices.get(choices.size() - 1);
        String keysHelp = enter == choices.size() - 1 ? "Enter or Esc: " + last.label()
                : "Enter: " + choices.get(enter).label() + ", Esc: " + last.label();
        lines.add(StyledLine.of(keysHelp, Tone.DIM));
        return lines;
    }

    /** Text cut into lines that fit a dialog. */
    static List<String> wrap(String text) {
        return TerminalTextUtils.getWordWrappedText(WIDTH, text);
    }

    private Choice pick(KeyStroke key) {
        if (key.getKeyType() == KeyType.Enter) {
            return choices.get(enter);
        }
        if (key.getKeyType() == KeyType.Escape) {
            return choices.get(choices.size() - 1);
        }
        if (key.getKeyType() != KeyType.Character) {
            return null;
        }
        char typed = Character.toLowerCase(key.getCharacter());
        return choices.stream().filter(c -> Character.toLowerCase(c.key()) == typed).findFirst().orElse(null);
    }
}
