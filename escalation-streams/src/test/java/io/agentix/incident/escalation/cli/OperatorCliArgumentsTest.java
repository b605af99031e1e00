package io.agentix.incident.escalation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Command lines the CLI refuses before asking anything (exit 2), and an API that is not there (exit 1). */
class OperatorCliArgumentsTest {

    @Test
    void usageErrorsExitWith2AndSayWhatIsWrong() {
        assertUsageError(new String[] {"incidents", "show"}, "show needs an incident id");
        assertUsageError(new String[] {"incidents", "snooze", "INC-1"}, "unknown incidents command 'snooze'");
        assertUsageError(new String[] {"incidents", "ack", "INC-1", "--root-couse", "x"}, "unknown option --root-couse");
        assertUsageError(new String[] {"incidents", "--status"}, "--status needs a value");
        assertUsageError(new String[] {"incidents", "ack", "INC-1", "INC-2"}, "one incident id expected, got: INC-1 INC-2");
        assertUsageError(new String[] {"watch", "--count", "0"}, "--count needs a positive number, not '0'");
        assertUsageError(new String[] {"watch", "--message", "x"}, "unknown option --message");
        assertUsageError(new String[] {"frobnicate"}, "unknown subcommand 'frobnicate'");
    }

    @Test
    void helpPrintsTheUsage() {
        CliRun run = new CliRun(Map.of());

        assertThat(run.run("incidents", "--help")).isZero();
        assertThat(run.out()).contains("bin/incident-engine incidents show ID").contains("bin/incident-engine watch");
    }

    @Test
    void anApiThatIsNotThereExitsWith1NamingTheAddressFromTheEnvironment() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CliRun run = new CliRun(Map.of("INCIDENT_ENGINE_API", "http://localhost:" + closedPort));

        // Options before the verb are options, not the verb.
        int status = run.run("incidents", "--token", "dev", "ack", "INC-1");

        assertThat(status).isEqualTo(OperatorCli.FAILED);
        assertThat(run.err()).contains("cannot reach the operator API at http://localhost:" + closedPort
                + " (connection refused)");
    }

    private static void assertUsageError(String[] args, String message) {
        CliRun run = new CliRun(Map.of());

        int status = run.run(args);

        assertThat(status).as(String.join(" ", args)).isEqualTo(OperatorCli.USAGE);
        assertThat(run.err()).as(String.join(" ", args)).contains(message).contains("--help");
        assertThat(run.out()).isEmpty();
    }
}
