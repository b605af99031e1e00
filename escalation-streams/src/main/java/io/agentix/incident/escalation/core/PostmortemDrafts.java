package io.agentix.incident.escalation.core;

import java.util.List;

import io.agentix.incident.events.Incident;
import io.agentix.incident.events.TimelineEntry;

/** TEMPORARY stub of the CORE helper's post-mortem draft (contract); replaced on merge. */
public final class PostmortemDrafts {

    private PostmortemDrafts() {
    }

    public static String render(Incident incident, List<TimelineEntry> timeline) {
        throw new UnsupportedOperationException("CORE not merged yet");
    }
}
