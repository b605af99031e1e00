package io.agentix.incident.escalation.policy;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Builds {@link PolicyException}s for one file, at a node's position. */
final class PolicyErrors {

    private final String file;

    PolicyErrors(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    PolicyException at(Node node, String reason) {
        return at(node.getStartMark(), reason);
    }

    PolicyException at(Mark mark, String reason) {
        return new PolicyException(file, mark.getLine() + 1, mark.getColumn() + 1, reason);
    }

    PolicyException at(int line, int column, String reason) {
        return new PolicyException(file, line, column, reason);
    }
}
