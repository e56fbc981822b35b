package dev.ferry.client.tui;

import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.gui2.BasicWindow;
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
 * Enter takes the first choice and Esc the last. The dialog closes before the choice runs.
 */
final class ChoiceDialog extends BasicWindow {
    private static final int WIDTH = 60;

    /** An answer: the key that picks it, what it says, what it does. */
    record Choice(char key, String label, Runnable action) {}

    ChoiceDialog(Palette palette, String title, List<String> text, List<Choice> choices) {
        super(Text.printable(title)); // Lanterna draws the title itself, past Palette.put
        setHints(Set.of(Window.Hint.CENTERED, Window.Hint.MODAL));
        List<StyledLine> lines = new ArrayList<>();
        text.forEach(line -> lines.add(StyledLine.of(line)));
        lines.add(new StyledLine());
        StyledLine keys = new StyledLine();
        for (Choice choice : choices) {
            keys.add("[" + choice.key() + "]", Tone.KEY).add(" " + choice.label() + "   ");
        }
        lines.add(keys);
        lines.add(StyledLine.of("Enter: " + choices.get(0).label() + ", Esc: " + choices.get(choices.size() - 1).label(),
                Tone.DIM));
        setComponent(new TextBlock(palette, lines));
        addWindowListener(new WindowListenerAdapter() {
            @Override
            public void onInput(Window window, KeyStroke key, AtomicBoolean deliverEvent) {
                deliverEvent.set(false);
                Choice picked = pick(key, choices);
                if (picked != null) {
                    close();
                    picked.action().run();
                }
            }
        });
    }

    /** Text cut into lines that fit a dialog. */
    static List<String> wrap(String text) {
        return TerminalTextUtils.getWordWrappedText(WIDTH, text);
    }

    private static Choice pick(KeyStroke key, List<Choice> choices) {
        if (key.getKeyType() == KeyType.Enter) {
            return choices.get(0);
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
