package io.agentix.incident.escalation.api;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.agentix.incident.events.CommandAction;

/**
 * The operator's names of the commands ({@code acknowledge}, {@code set-severity}, ...) and the
 * {@link CommandAction} each stands for: upper case, {@code -} for {@code _}. The operator API's URLs
 * and the simulator's scenarios use these names.
 */
public final class OperatorCommands {

    private static final List<String> NAMES = Arrays.stream(CommandAction.values()).map(OperatorCommands::name).toList();

    private OperatorCommands() {
    }

    /** The action named {@code name} (case-insensitive, {@code set-severity} or {@code set_severity}). */
    public static Optional<CommandAction> action(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String symbol = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(CommandAction.values()).filter(a -> a.name().equals(symbol)).findFirst();
    }

    /** The operator's name of {@code action}, e.g. {@code set-severity}. */
    public static String name(CommandAction action) {
        return action.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Every command name, in the order of {@link CommandAction}. */
    public static List<String> names() {
        return NAMES;
    }
}
