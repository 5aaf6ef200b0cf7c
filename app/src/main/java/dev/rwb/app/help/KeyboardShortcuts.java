package dev.rwb.app.help;

import java.util.List;

/**
 * The workbench's keyboard shortcuts, as the Help menu lists them. They mirror the key map of the
 * inspector ({@code InspectorView.onKey}, DESIGN §7), the find bar, the group view and the menus'
 * accelerators: a key added there belongs here too.
 */
public final class KeyboardShortcuts {
    /** One shortcut: the keys and what they do, and where they work. */
    public record Shortcut(String keys, String action, String where) {
    }

    /** All of them, in the order a new user needs them. */
    public static final List<Shortcut> ALL = List.of(
            new Shortcut("j / k", "next / previous trajectory in the table", "Inspect"),
            new Shortcut("n / p", "next / previous turn (the red caret in the tokens)", "Inspect"),
            new Shortcut("/", "focus the filter (the slash is not typed)", "Inspect"),
            new Shortcut("Ctrl+F", "find text in the open trajectory; Enter = next match, Escape closes", "Inspect"),
            new Shortcut("g", "switch between the Tokens and Group views", "Inspect"),
            new Shortcut("1 … 6", "colour by role, loss mask, contribution, advantage, logprob, entropy", "Inspect"),
            new Shortcut("Enter", "open the selected sample's tokens", "Group view"),
            new Shortcut("Ctrl+O", "open another workbench database", "everywhere"),
            new Shortcut("Ctrl+I", "import rollouts (verl, TRL, prime-rl, OpenAI chat, inspect)", "everywhere"),
            new Shortcut("F1", "this list", "everywhere"),
            new Shortcut("Ctrl+Q", "quit", "everywhere"));

    private KeyboardShortcuts() {
    }
}
