package io.agentix.incident.escalation.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each way a policy can be wrong, on a small valid policy ({@code policy/minimal-policy.yml}) with one
 * edit: the message names the file, the line and column of the offending node and the reason.
 */
class PolicyValidationTest {

    private static final String MINIMAL = resource("/policy/minimal-policy.yml");

    @Test
    void theUneditedMinimalPolicyIsValid() {
        Policy policy = parse(MINIMAL);

        assertThat(policy.declaredVersion()).isEqualTo("1");
        assertThat(policy.tenantsWithoutContacts()).extracting(Tenant::id).containsExactly("initech");
    }

    @Test
    void yamlSyntaxErrorPointsAtTheProblem() {
        assertRejected(edit("    firstResponder: on-call\n    firstChannel: PAGE\n    escalateTo: team-lead",
                "    firstResponder: on-call: x\n    firstChannel: PAGE\n    escalateTo: team-lead"))
                .hasMessageStartingWith("policy.yml:23:28: YAML syntax error: mapping values are not allowed here");
    }

    @Test
    void emptyFileIsRejected() {
        assertRejected("# nothing here\n").hasMessage("policy.yml:1:1: the policy file is empty");
    }

    @Test
    void nonUtf8FileIsRejected() {
        byte[] latin1 = "version: \"Müller\"\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> PolicyLoader.parse("policy.yml", latin1))
                .isInstanceOf(PolicyException.class)
                .hasMessage("policy.yml:1:1: the policy file is not UTF-8 text");
    }

    @Test
    void unknownKeySuggestsTheClosestOne() {
        assertRejected(edit("    responseTime: 1h", "    responseTme: 1h"))
                .hasMessageStartingWith("policy.yml:22:5: unknown key 'responseTme' in severities.P2"
                        + " (did you mean 'responseTime'?); allowed: name, responseTime,");
    }

    @Test
    void unknownTopLevelKeyIsRejected() {
        assertRejected(edit("verificationWindow: 30m", "verficationWindow: 30m"))
                .hasMessageStartingWith("policy.yml:5:1: unknown key 'verficationWindow' in the policy"
                        + " (did you mean 'verificationWindow'?)");
    }

    @Test
    void duplicateKeyIsRejected() {
        assertRejected(edit("    name: Major\n", "    name: Major\n    name: Major again\n"))
                .hasMessage("policy.yml:22:5: duplicate key 'name' in severities.P2 (first at line 21)");
    }

    @Test
    void missingRequiredKeyPointsAtTheMapping() {
        assertRejected(edit("    firstChannel: PAGE\n    escalateTo: team-lead", "    escalateTo: team-lead"))
                .hasMessage("policy.yml:21:5: missing required key 'firstChannel' in severities.P2");
    }

    @Test
    void missingTopLevelKeyPointsAtTheStart() {
        assertRejected(edit("customerSender: support@example.com\n", ""))
                .hasMessage("policy.yml:1:1: missing required key 'customerSender' in the policy");
    }

    @Test
    void badDurationIsRejected() {
        assertRejected(edit("correlationWindow: 15m", "correlationWindow: 15 minutes"))
                .hasMessage("policy.yml:4:20: bad duration '15 minutes' for correlationWindow:"
                        + " expected a number and a unit (d, h, m, s) like 15m, 1h, 48h or 1h30m");
    }

    @Test
    void zeroResponseTimeIsRejected() {
        assertRejected(edit("    responseTime: 4h", "    responseTime: 0m"))
                .hasMessage("policy.yml:30:19: severities.P3.responseTime must be longer than zero");
    }

    @Test
    void unknownSeverityIsRejected() {
        assertRejected(edit("  P4:\n", "  P5:\n"))
                .hasMessage("policy.yml:36:3: unknown severity 'P5' in severities (expected P1, P2, P3, P4)");
    }

    @Test
    void missingSeverityLevelIsRejected() {
        String withoutP4 = MINIMAL.replaceAll("(?s)  P4:\n.*?(?=components:)", "");
        assertRejected(withoutP4)
                .hasMessage("policy.yml:10:3: missing severity level P4 in severities (P1, P2, P3 and P4 are all required)");
    }

    @Test
    void roleNamingAnUnknownPersonIsRejected() {
        assertRejected(edit("  cto: [carol]", "  cto: [carl]"))
                .hasMessage("policy.yml:57:9: unknown person 'carl' in roles.cto (did you mean 'carol'?);"
                        + " people are: carol, bob, dana");
    }

    @Test
    void onCallFallbackNamingAnUnknownPersonIsRejected() {
        assertRejected(edit("fallback: bob}", "fallback: robert}"))
                .hasMessage("policy.yml:56:51: unknown person 'robert' in roles.on-call.fallback;"
                        + " people are: carol, bob, dana");
    }

    @Test
    void ownerNamingAnUnknownPersonIsRejected() {
        assertRejected(edit("    owner: dana", "    owner: dan"))
                .hasMessage("policy.yml:46:12: unknown person 'dan' in components.inbox.owner (did you mean 'dana'?);"
                        + " people are: carol, bob, dana");
    }

    @Test
    void severityNamingAnUnknownRoleIsRejected() {
        assertRejected(edit("    firstResponder: on-call\n    firstChannel: PAGE\n    escalateTo: team-lead",
                "    firstResponder: oncall\n    firstChannel: PAGE\n    escalateTo: team-lead"))
                .hasMessage("policy.yml:23:21: unknown role 'oncall' in severities.P2.firstResponder"
                        + " (did you mean 'on-call'?); roles are: on-call, cto, team-lead, everyone, assigned-engineer");
    }

    @Test
    void escalationWithoutTargetIsRejected() {
        assertRejected(edit("    escalateTo: on-call\n", ""))
                .hasMessage("policy.yml:33:24: severities.P3.escalationTrigger is no-progress but escalateTo is missing:"
                        + " name the role to escalate to");
    }

    @Test
    void reminderNotBeforeTheUpdateIsRejected() {
        assertRejected(edit("reminderBefore: 5m", "reminderBefore: 30m"))
                .hasMessage("policy.yml:18:81: severities.P1.communication.reminderBefore must be shorter than"
                        + " updateEvery (30 minutes)");
    }

    @Test
    void matcherWithoutFieldsIsRejected() {
        assertRejected(edit("      - {source: sentry, titleContains: inbox}", "      - {}"))
                .hasMessage("policy.yml:48:9: component matcher in components.inbox.matchers has no fields, so it would"
                        + " match every alert; give at least one of source, service, project, environment, label,"
                        + " titleContains, dedupKeyPrefix");
    }

    @Test
    void matcherWithOnlyNullFieldsIsRejected() {
        assertRejected(edit("      - {source: sentry, titleContains: inbox}", "      - {source: ~}"))
                .hasMessageStartingWith("policy.yml:48:9: component matcher in components.inbox.matchers has no fields");
    }

    @Test
    void badLabelMatcherIsRejected() {
        assertRejected(edit("{source: sentry, titleContains: inbox}", "{label: job}"))
                .hasMessage("policy.yml:48:17: bad label matcher 'job' in components.inbox.matchers:"
                        + " expected key=value, e.g. job=redis");
    }

    @Test
    void duplicateComponentIsRejected() {
        assertRejected(edit("  - name: ui", "  - name: inbox"))
                .hasMessage("policy.yml:49:11: duplicate component 'inbox' (first defined at line 44)");
    }

    @Test
    void duplicatePersonIsRejected() {
        assertRejected(edit("{id: dana, name: Dana", "{id: bob, name: Dana"))
                .hasMessage("policy.yml:54:10: duplicate person 'bob' (first defined at line 53)");
    }

    @Test
    void duplicateTenantIsRejected() {
        assertRejected(edit("{id: initech,", "{id: acme,"))
                .hasMessage("policy.yml:63:10: duplicate tenant 'acme' (first defined at line 62)");
    }

    @Test
    void tenantWithoutContactsKeyIsRejectedButEmptyContactsAreNot() {
        assertRejected(edit("  - {id: initech, name: Initech, contacts: []}", "  - {id: initech, name: Initech}"))
                .hasMessage("policy.yml:63:5: missing required key 'contacts' in tenant 'initech'"
                        + " (write contacts: [] for a tenant nobody can be told about)");
    }

    @Test
    void badContactAddressIsRejected() {
        assertRejected(edit("[ops@acme.example]", "[ops.acme.example]"))
                .hasMessage("policy.yml:62:39: bad email address 'ops.acme.example' for tenants.acme.contacts");
    }

    @Test
    void unknownTimeZoneIsRejected() {
        assertRejected(edit("timeZone: Europe/Berlin", "timeZone: Europe/Bärlin"))
                .hasMessage("policy.yml:2:11: unknown time zone 'Europe/Bärlin' (use a region id such as UTC or Europe/Berlin)");
    }

    @Test
    void businessHoursEndingBeforeTheyStartAreRejected() {
        assertRejected(edit("end: \"17:00\"", "end: \"08:00\""))
                .hasMessage("policy.yml:3:71: businessHours.end 08:00 must be after start 09:00");
    }

    @Test
    void unknownDayIsRejected() {
        assertRejected(edit("[MON, TUE,", "[MON, TUES,"))
                .hasMessage("policy.yml:3:29: unknown day 'TUES' in businessHours.days"
                        + " (expected MON, TUE, WED, THU, FRI, SAT, SUN)");
    }

    @Test
    void unknownTemplateVariableIsRejectedAtItsTag() {
        assertRejected(edit("Resolved as of {{resolvedAt}}.", "Resolved as of {{resolvedAtt}}."))
                .hasMessageStartingWith("policy.yml:67:65: unknown variable 'resolvedAtt' in templates.resolutionNotice.body"
                        + " (did you mean 'resolvedAt'?); resolutionNotice gets: incidentId, title,");
    }

    @Test
    void variableOfAnotherTemplateIsRejected() {
        assertRejected(edit("{subject: \"all hands\", body: \"{{title}}\"}", "{subject: \"all hands\", body: \"{{rootCause}}\"}"))
                .hasMessageStartingWith("policy.yml:75:43: unknown variable 'rootCause' in templates.allHands.body");
    }

    @Test
    void unknownItemFieldInsideALiteralBlockIsRejectedAtItsLine() {
        assertRejected(edit("      - {{label}}: {{url}}", "      - {{lable}}: {{url}}"))
                .hasMessageStartingWith("policy.yml:73:9: unknown variable 'lable' in templates.incidentOpened.body"
                        + " (did you mean 'label'?)");
    }

    @Test
    void invalidMustacheIsRejectedAtItsLine() {
        assertRejected(edit("      {{/links}}", "      {{/link}}"))
                .hasMessageStartingWith("policy.yml:74:7: invalid Mustache in templates.incidentOpened.body: ");
    }

    @Test
    void unclosedMustacheSectionInASubjectIsRejected() {
        assertRejected(edit("subject: \"[{{severity}}] {{title}}\"", "subject: \"[{{#severity}}] {{title}}\""))
                .hasMessageStartingWith("policy.yml:69:15: invalid Mustache in templates.incidentOpened.subject: ");
    }

    @Test
    void unknownTemplateIsRejected() {
        assertRejected(edit("  allHands: {", "  allHand: {"))
                .hasMessageStartingWith("policy.yml:75:3: unknown template 'allHand' (did you mean 'allHands'?)");
    }

    @Test
    void missingTemplateIsRejected() {
        assertRejected(edit("  postmortemReminder: {subject: \"pm overdue\", body: \"{{writeupDue}}\"}\n", ""))
                .hasMessage("policy.yml:65:3: missing template 'postmortemReminder' in templates");
    }

    @Test
    void wrongShapeIsRejected() {
        assertRejected(edit("postmortem: {directory: docs/pm}", "postmortem: [docs/pm]"))
                .hasMessage("policy.yml:82:13: expected a mapping (key: value) for postmortem, found a list");
    }

    @Test
    void loadingAFileReportsItsPath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("team-policy.yml");
        Files.writeString(file, edit("correlationWindow: 15m", "correlationWindow: soon"));

        assertThatThrownBy(() -> PolicyLoader.load(file))
                .isInstanceOf(PolicyException.class)
                .hasMessageStartingWith(file + ":4:20: bad duration 'soon'")
                .satisfies(e -> {
                    PolicyException error = (PolicyException) e;
                    assertThat(error.file()).isEqualTo(file.toString());
                    assertThat(error.line()).isEqualTo(4);
                    assertThat(error.column()).isEqualTo(20);
                    assertThat(error.reason()).startsWith("bad duration 'soon' for correlationWindow");
                });
    }

    @Test
    void missingFileIsRejectedWithItsPath(@TempDir Path dir) {
        Path file = dir.resolve("nope.yml");
        assertThatThrownBy(() -> PolicyLoader.load(file))
                .isInstanceOf(PolicyException.class)
                .hasMessageStartingWith(file + ":1:1: cannot read the policy file: java.nio.file.NoSuchFileException");
    }

    private static String edit(String from, String to) {
        assertThat(MINIMAL).as("the minimal policy contains the text to edit").contains(from);
        assertThat(MINIMAL.indexOf(from)).as("the text to edit is unique").isEqualTo(MINIMAL.lastIndexOf(from));
        return MINIMAL.replace(from, to);
    }

    private static Policy parse(String text) {
        return PolicyLoader.parse("policy.yml", text.getBytes(StandardCharsets.UTF_8));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String text) {
        return assertThatThrownBy(() -> parse(text)).isInstanceOf(PolicyException.class);
    }

    private static String resource(String name) {
        try (InputStream in = PolicyValidationTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
