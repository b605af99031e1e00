package io.agentix.incident.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agentix.incident.escalation.policy.Policy;
import io.agentix.incident.escalation.policy.PolicyException;
import io.agentix.incident.escalation.policy.PolicyLoader;
import io.agentix.incident.ingest.core.NormalizationSettings;
import io.agentix.incident.ingest.core.Normalized;
import io.agentix.incident.simulator.scenario.CommandStep;
import io.agentix.incident.simulator.scenario.ScenarioException;
import io.agentix.incident.simulator.scenario.ScenarioParser;
import io.agentix.incident.simulator.scenario.ScenarioStep;
import io.agentix.incident.simulator.scenario.TickStep;
import io.agentix.incident.simulator.scenario.WebhookStep;

/**
 * {@code incident-engine simulate [--policy FILE] [--until ISO] SCENARIO.jsonl}: runs a scripted
 * timeline of webhooks, operator commands and clock ticks through the real escalation topology
 * (on {@code TopologyTestDriver}) and prints every record it writes to {@code incidents},
 * {@code incident-timeline}, {@code escalations} and {@code notifications}, one JSON object per
 * line, in write order: {@code {"at": ISO, "topic": name, "key": incidentId, "value": {...}}}.
 *
 * <p>Exit 0 when the scenario ran; 1 with {@code line N: reason} on stderr for a malformed scenario
 * (also a bad policy file, or a webhook the ingest service would reject with 400); 2 on a bad
 * command line or an unreadable file; 3 when the topology itself failed on a step (an engine bug:
 * the line, the error and its stack trace go to stderr). The whole scenario is checked before the first step runs,
 * except {@code "#N"} references, which can only be resolved while running (output printed up to
 * then stays printed).
 */
public final class SimulateMain {

    /** Where the simulator's own logging configuration lives: warnings and errors only, on stderr. */
    static final String LOGBACK_CONFIGURATION = "io/agentix/incident/simulator/logback-simulate.xml";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SimulateMain() {
    }

    public static void main(String[] args) {
        // Before any logger exists: stdout carries the JSON lines and nothing else.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIGURATION);
        }
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /** Runs the simulator with the given output streams; returns the exit status. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        SimulateArguments arguments;
        try {
            arguments = SimulateArguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("simulate: " + e.getMessage());
            err.println(SimulateArguments.USAGE);
            return 2;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(arguments.scenario(), StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            err.println("simulate: " + arguments.scenario() + " is not UTF-8 text");
            return 1;
        } catch (IOException e) {
            err.println("simulate: cannot read " + arguments.scenario() + ": " + e);
            return 2;
        }
        try {
            List<ScenarioStep> steps = ScenarioParser.parse(lines);
            Instant last = steps.get(steps.size() - 1).at();
            if (arguments.until() != null && arguments.until().isBefore(last)) {
                err.println("simulate: --until " + arguments.until() + " is before the scenario's last step ("
                        + last + ")");
                return 2;
            }
            List<Normalized> webhooks = normalizeWebhooks(steps, err);
            Policy policy = loadPolicy(arguments, err);
            if (policy == null) {
                return 1;
            }
            simulate(policy, steps, webhooks, arguments.until(), out);
            return 0;
        } catch (ScenarioException e) {
            out.flush();
            err.println("simulate: " + arguments.scenario() + ": " + e.getMessage());
            return 1;
        } catch (StepFailedException e) {
            out.flush();
            err.println("simulate: " + arguments.scenario() + ": line " + e.line
                    + ": the escalation topology failed on this step (a bug in the engine, not in the scenario):");
            e.getCause().printStackTrace(err);
            return 3;
        } finally {
            out.flush();
        }
    }

    private static Policy loadPolicy(SimulateArguments arguments, PrintStream err) {
        try {
            return arguments.policy() == null ? PolicyLoader.shipped() : PolicyLoader.load(arguments.policy());
        } catch (PolicyException e) {
            err.println("simulate: invalid policy: " + e.getMessage());
            return null;
        }
    }

    /** Every webhook through the normalizers before anything runs, so a bad one stops the scenario at once. */
    private static List<Normalized> normalizeWebhooks(List<ScenarioStep> steps, PrintStream err) throws ScenarioException {
        SimulatedIngest ingest = new SimulatedIngest(NormalizationSettings.defaults());
        List<Normalized> normalized = new ArrayList<>();
        for (ScenarioStep step : steps) {
            if (step instanceof WebhookStep webhook) {
                Normalized result = ingest.normalize(webhook);
                if (result.isIgnored()) {
                    err.println("simulate: line " + step.line() + ": the ingest service ignores this webhook ("
                            + result.eventType() + "): " + result.ignoredReason());
                }
                normalized.add(result);
            } else {
                normalized.add(null);
            }
        }
        return normalized;
    }

    private static void simulate(Policy policy, List<ScenarioStep> steps, List<Normalized> webhooks, Instant until,
                                 PrintStream out) throws ScenarioException {
        try (ScenarioRunner runner = new ScenarioRunner(policy, steps.get(0).at(), record -> print(out, record))) {
            for (int i = 0; i < steps.size(); i++) {
                ScenarioStep step = steps.get(i);
                try {
                    runner.advanceTo(step.at());
                    if (step instanceof WebhookStep) {
                        runner.deliver(webhooks.get(i), step.at());
                    } else if (step instanceof CommandStep command) {
                        runner.command(command);
                    } else if (!(step instanceof TickStep)) {
                        throw new IllegalStateException("unknown step " + step);
                    }
                } catch (RuntimeException e) {
                    throw new StepFailedException(step.line(), e);
                }
            }
            if (until != null) {
                try {
                    runner.advanceTo(until);
                } catch (RuntimeException e) {
                    throw new StepFailedException(steps.get(steps.size() - 1).line(), e);
                }
            }
        }
    }

    /** The topology threw while running a step: carries the step's line to the report. */
    private static final class StepFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int line;

        StepFailedException(int line, RuntimeException cause) {
            super(cause);
            this.line = line;
        }
    }

    private static void print(PrintStream out, OutputRecord record) {
        try {
            out.println(JSON.writeValueAsString(record.toJson()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an output record as JSON", e);
        }
    }
}
