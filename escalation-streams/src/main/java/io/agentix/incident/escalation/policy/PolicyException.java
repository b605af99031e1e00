package io.agentix.incident.escalation.policy;

/**
 * A policy file that cannot be used, pointing at the offending node: the message is
 * {@code <file>:<line>:<column>: <reason>} (line and column from 1), so an editor or a terminal can
 * jump to it and the operator reads what to fix.
 */
public final class PolicyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int column;
    private final String reason;

    public PolicyException(String file, int line, int column, String reason) {
        super(file + ":" + line + ":" + column + ": " + reason);
        this.file = file;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    /** The file name as given to the loader (the shipped default is {@code default-policy.yml}). */
    public String file() {
        return file;
    }

    /** 1-based line of the offending node. */
    public int line() {
        return line;
    }

    /** 1-based column of the offending node. */
    public int column() {
        return column;
    }

    /** What is wrong, without the location. */
    public String reason() {
        return reason;
    }
}
