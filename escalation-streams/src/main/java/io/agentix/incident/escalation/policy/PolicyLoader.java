package io.agentix.incident.escalation.policy;

import java.nio.file.Path;

/** TEMPORARY stub of the POLICY helper's loader (contract); replaced on merge. */
public final class PolicyLoader {
    private PolicyLoader() {
    }

    public static Policy shipped() {
        throw new UnsupportedOperationException("POLICY not merged yet");
    }

    public static Policy load(Path path) {
        throw new UnsupportedOperationException("POLICY not merged yet");
    }
}
