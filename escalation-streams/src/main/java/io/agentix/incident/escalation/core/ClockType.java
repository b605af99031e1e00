package io.agentix.incident.escalation.core;

/** TEMPORARY stub of the CORE helper's type (contract); replaced on merge. */
public enum ClockType { RESPONSE_WINDOW, INITIAL_NOTICE, UPDATE_REMINDER, STATUS_UPDATE, TRACKING_REMINDER,
    VERIFICATION, POSTMORTEM_WRITEUP }
