package dev.ferry.client.tui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.gui2.AbstractInteractableComponent;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.gui2.InteractableRenderer;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.MouseAction;
import com.googlecode.lanterna.input.MouseActionType;
import com.googlecode.lanterna.input.KeyType;
import dev.ferry.protocol.Text;

/**
 * A framed part of the screen with a title, that can take focus. The focused pane is drawn with a
 * double frame and its title in brackets and reverse video, so focus shows without colours too.
 * Subclasses draw inside the frame and take the keys they use; Tab, Shift-Tab and Left/Right move
 * focus on. Like every component, a pane is touched only on the GUI thread.
 */
abstract class Pane extends AbstractInteractableComponent<Pane> {
    private final String title;
    final Palette palette;
    private Runnable focusListener = () -> {};

    Pane(String title, Palette palette) {
        this.title = title;
        this.palette = palette;
    }

    /** The pane's name, as its frame shows it. */
    String title() {
        return title;
    }

    /** Called whenever this pane gains or loses focus, or changes what its keys do. */
    void onFocusChange(Runnable listener) {
        this.focusListener = listener;
    }

    /** Tells the listener that what the keys do here has changed (the Files filter started or ended). */
    void keysChanged() {
        focusListener.run();
    }

    /** Text for the right of the top border, such as a count; empty for none. */
    String info() {
        return "";
    }

    /** The same, given the columns the border has free for it; a shorter form where the full one would not fit. */
    String info(int columns) {
        return info();
    }

    /**
     * True when the info must show whatever the width, such as a filter in force: where title and
     * info do not both fit, the info takes the title's place.
     */
    boolean infoMatters() {
        return false;
    }

    /** Columns the top border needs to show the title, focused, and {@code info} beside it in full. */
    int titleColumns(String info) {
        int label = TerminalTextUtils.getColumnWidth("[ " + title + " ]");
        return info.isEmpty() ? label + 4 : label + TerminalTextUtils.getColumnWidth(Text.printable(info)) + 7;
    }

    /** Text for the right of the bottom border, such as "↓ 3 more"; read after the body is drawn. */
    String scrollInfo() {
        return "";
    }

    /** Draws what is inside the frame; {@code graphics} is already clipped to it. */
    abstract void drawBody(TextGUIGraphics graphics, int width, int height);

    /** Handles a key, or returns {@link Result#UNHANDLED} so the window may use it. */
    abstract Result onKey(KeyStroke key);

    /** How many lines one turn of the mouse wheel moves. */
    static final int WHEEL_LINES = 3;

    /**
     * A click inside the frame at {@code column}, {@code row} (0, 0 being the first cell inside);
     * the pane has already taken focus. Nothing by default.
     */
    void clicked(int column, int row) {}

    @Override
    protected Result handleKeyStroke(KeyStroke key) {
        if (key instanceof MouseAction mouse) {
            return mouse(mouse);
        }
        Result result = onKey(key);
        if (result != Result.UNHANDLED) {
            return result;
        }
        return switch (key.getKeyType()) {
            case Tab -> Result.MOVE_FOCUS_NEXT;
            case ReverseTab -> Result.MOVE_FOCUS_PREVIOUS;
            case ArrowLeft -> Result.MOVE_FOCUS_LEFT;
            case ArrowRight -> Result.MOVE_FOCUS_RIGHT;
            default -> Result.UNHANDLED;
        };
    }

    /** A click takes focus (and may select what is under it); the wheel moves as the arrows do. */
    private Result mouse(MouseAction mouse) {
        switch (mouse.getActionType()) {
            case CLICK_DOWN -> {
                if (!isFocused()) {
                    getBasePane().setFocusedInteractable(this);
                }
                TerminalPosition origin = toGlobal(TerminalPosition.TOP_LEFT_CORNER);
                clicked(mouse.getPosition().getColumn() - origin.getColumn() - 1,
                        mouse.getPosition().getRow() - origin.getRow() - 1);
                invalidate();
            }
            case SCROLL_UP, SCROLL_DOWN -> {
                KeyStroke arrow = new KeyStroke(mouse.getActionType() == MouseActionType.SCROLL_UP
                        ? KeyType.ArrowUp : KeyType.ArrowDown);
                for (int i = 0; i < WHEEL_LINES; i++) {
                    onKey(arrow);
                }
            }
            default -> {
                // a release, a drag or a move: nothing to do
            }
        }
        return Result.HANDLED;
    }

    @Override
    protected void afterEnterFocus(FocusChangeDirection direction, Interactable previouslyInFocus) {
        focusListener.run();
    }

    @Override
    protected void afterLeaveFocus(FocusChangeDirection direction, Interactable nextInFocus) {
        focusListener.run();
    }

    @Override
    protected InteractableRenderer<Pane> createDefaultRenderer() {
        return new InteractableRenderer<>() {
            @Override
            public TerminalPosition getCursorLocation(Pane pane) {
                return null;
            }

            @Override
            public TerminalSize getPreferredSize(Pane pane) {
                return new TerminalSize(20, 5);
            }

            @Override
            public void drawComponent(TextGUIGraphics graphics, Pane pane) {
                pane.drawFrame(graphics);
                TerminalSize size = graphics.getSize();
                if (size.getColumns() > 2 && size.getRows() > 2) {
                    TerminalSize inner = new TerminalSize(size.getColumns() - 2, size.getRows() - 2);
                    pane.drawBody(graphics.newTextGraphics(new TerminalPosition(1, 1), inner),
                            inner.getColumns(), inner.getRows());
                }
                if (size.getRows() > 2) {
                    pane.putRight(graphics, size.getRows() - 1, pane.scrollInfo(), 2, size.getColumns());
                }
            }
        };
    }

    private void drawFrame(TextGUIGraphics g) {
        int width = g.getSize().getColumns();
        int height = g.getSize().getRows();
        if (width < 2 || height < 2) {
            return;
        }
        boolean focused = isFocused();
        apply(g, focused ? Tone.KEY : Tone.DIM, false);
        g.fill(' ');
        char horizontal = focused ? '═' : '─';
        char vertical = focused ? '║' : '│';
        g.drawLine(1, 0, width - 2, 0, horizontal);
        g.drawLine(1, height - 1, width - 2, height - 1, horizontal);
        g.drawLine(0, 1, 0, height - 2, vertical);
        g.drawLine(width - 1, 1, width - 1, height - 2, vertical);
        g.setCharacter(0, 0, focused ? '╔' : '┌');
        g.setCharacter(width - 1, 0, focused ? '╗' : '┐');
        g.setCharacter(0, height - 1, focused ? '╚' : '└');
        g.setCharacter(width - 1, height - 1, focused ? '╝' : '┘');

        String label = focused ? "[ " + title + " ]" : " " + title + " ";
        int room = width - 4;
        String shown = StyledLine.fit(label, room);
        int used = 2 + TerminalTextUtils.getColumnWidth(shown);
        String info = info(width - used - 5);
        if (infoMatters() && 2 + TerminalTextUtils.getColumnWidth(info) + 2 > width - 2 - used) {
            // no room for both apart: the filter in force joins the name inside the title
            String both = title + " " + Text.printable(info(room - 5 - TerminalTextUtils.getColumnWidth(title)));
            shown = StyledLine.fit(focused ? "[ " + both + " ]" : " " + both + " ", room);
            info = "";
        }
        apply(g, Tone.HEADER, focused);
        g.putString(2, 0, shown);
        used = 2 + TerminalTextUtils.getColumnWidth(shown);
        putRight(g, 0, info, used, width);
        apply(g, Tone.NORMAL, false);
    }

    /** Writes " text " right-aligned on a border row, if it fits after column {@code after}. */
    private void putRight(TextGUIGraphics g, int row, String text, int after, int width) {
        if (text.isEmpty()) {
            return;
        }
        String padded = " " + Text.printable(text) + " ";
        int columns = TerminalTextUtils.getColumnWidth(padded);
        int start = width - 2 - columns;
        if (start <= after) {
            return;
        }
        apply(g, Tone.DIM, false);
        g.putString(start, row, padded);
    }

    /** True if {@code key} is the character {@code c} typed alone, without Ctrl or Alt. */
    static boolean isPlain(KeyStroke key, char c) {
        return key.getKeyType() == KeyType.Character && key.getCharacter() == c && !key.isCtrlDown() && !key.isAltDown();
    }

    void apply(TextGUIGraphics g, Tone tone, boolean reverse) {
        palette.apply(g, tone, reverse);
    }

    void put(TextGUIGraphics g, int column, int row, StyledLine line, int width, boolean highlight) {
        palette.put(g, column, row, line, width, highlight);
    }
}
