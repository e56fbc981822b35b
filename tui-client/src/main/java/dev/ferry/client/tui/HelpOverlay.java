package dev.ferry.client.tui;

import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.gui2.WindowListenerAdapter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every key ({@link KeyGuide}), in a box over the screen; Esc, {@code ?}, F1, Enter or {@code q}
 * closes it. On a screen too short for the box, the arrows and Page Up/Down scroll it.
 */
final class HelpOverlay extends BasicWindow {
    private final TextBlock text;

    HelpOverlay(Palette palette) {
        super("Keys");
        setHints(Set.of(Window.Hint.CENTERED, Window.Hint.MODAL));
        this.text = new TextBlock(palette, KeyGuide.helpLines());
        setComponent(text);
        addWindowListener(new WindowListenerAdapter() {
            @Override
            public void onInput(Window window, KeyStroke key, AtomicBoolean deliverEvent) {
                deliverEvent.set(false);
                if (closes(key)) {
                    close();
                    return;
                }
                switch (key.getKeyType()) {
                    case ArrowDown -> text.scroll(1);
                    case ArrowUp -> text.scroll(-1);
                    case PageDown -> text.scroll(10);
                    case PageUp -> text.scroll(-10);
                    default -> {
                        // other keys do nothing while the help is open
                    }
                }
            }
        });
    }

    private static boolean closes(KeyStroke key) {
        KeyType type = key.getKeyType();
        if (type == KeyType.Escape || type == KeyType.F1 || type == KeyType.Enter) {
            return true;
        }
        return type == KeyType.Character && (key.getCharacter() == '?' || key.getCharacter() == 'q');
    }
}
