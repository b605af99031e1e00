package io.agentix.incident.simulator.scenario;

/**
 * A scenario that cannot be run as written: the message is {@code line N: reason}, with N the
 * 1-based physical line of the file (blank lines count), so an editor jumps straight to it.
 */
public final class ScenarioException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final String reason;

    public ScenarioException(int line, String reason) {
        super("line " + line + ": " + reason);
        this.line = line;
        this.reason = reason;
    }

    /** 1-based line number in the scenario file. */
    public int line() {
        return line;
    }

    /** What is wrong, without the line prefix. */
    public String reason() {
        return reason;
    }
}
