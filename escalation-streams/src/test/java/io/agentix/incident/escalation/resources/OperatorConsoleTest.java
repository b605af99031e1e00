package io.agentix.incident.escalation.resources;

import static io.agentix.incident.escalation.resources.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;

import io.agentix.incident.escalation.EscalationApplication;
import io.agentix.incident.escalation.EscalationConfiguration;
import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.Impact;
import io.agentix.incident.events.TestEvents;
import io.agentix.incident.localstack.FreePorts;
import io.agentix.incident.testing.KafkaClusterExtension;
import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicSpecs;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;

/**
 * The operator console on the whole escalation-streams app against a real broker: served at
 * {@code /} next to the operator API without shadowing it, and driven in headless Chromium (Debian's
 * {@code chromium} and {@code chromium-driver}): an alert published to {@code alerts} appears in the
 * list, and the incident is acknowledged through its button.
 *
 * <p>The browser test is skipped, saying why, only when no Chromium or chromedriver is installed;
 * {@code -Dconsole.chromium=} and {@code -Dconsole.chromedriver=} name them when they are not on the
 * {@code PATH}.
 */
class OperatorConsoleTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final String REGISTRY = "mock://operator-console-test";
    private static final Duration WAIT = Duration.ofSeconds(30);

    // A fixed port, named as the instance's application server: an instance that cannot name itself
    // answers 503 for a single incident (it cannot tell its own host from another's).
    private static final int PORT = FreePorts.pick();
    private static final DropwizardAppExtension<EscalationConfiguration> APP = new DropwizardAppExtension<>(
            EscalationApplication.class, ResourceHelpers.resourceFilePath("operator-api-test.yml"),
            ConfigOverride.config("kafka.bootstrapServers", () -> KAFKA.cluster().bootstrapServers()),
            ConfigOverride.config("schemaRegistry.url", REGISTRY),
            ConfigOverride.config("streams.applicationId", "operator-console-test"),
            ConfigOverride.config("streams.stateDir", stateDir()),
            ConfigOverride.config("server.applicationConnectors[0].port", String.valueOf(PORT)),
            ConfigOverride.config("streams.applicationServer", "localhost:" + PORT));

    private static TopicSpecs topics;
    private static KafkaProducer<String, AlertEvent> alerts;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        APP.before();
        http = new Http(APP.getLocalPort());
        topics = TopicSpecs.create(TopicCatalog.defaults(), Map.of("schema.registry.url", REGISTRY));
        alerts = new KafkaProducer<>(KAFKA.cluster().producerConfig(), topics.alerts().keySerializer(),
                topics.alerts().valueSerializer());
        // 503 while streams starts: the first 200 says the stores are queryable.
        await("streams running").atMost(Duration.ofSeconds(60)).until(() -> http.get("/incidents").statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        if (alerts != null) {
            alerts.close();
        }
        APP.after();
    }

    @Test
    void servesTheConsoleAtTheRootAndItsFilesUnderConsoleWithoutShadowingTheApi() {
        HttpResponse<String> page = http.get("/");
        HttpResponse<String> script = http.get("/console/console.js");
        HttpResponse<String> styles = http.get("/console/console.css");
        HttpResponse<String> consoleIndex = http.get("/console/");
        HttpResponse<String> missing = http.get("/console/nothing-here.js");
        HttpResponse<String> list = http.get("/incidents");
        HttpResponse<String> unknown = http.get("/incidents/INC-20000101-0001");
        HttpResponse<String> command = http.post("/incidents/INC-20000101-0001/acknowledge", "{}");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/html"));
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(page.body()).contains("<script src=\"/console/console.js\"></script>")
                .contains("/console/console.css").doesNotContain("http://", "https://");
        assertThat(consoleIndex.statusCode()).isEqualTo(200);
        assertThat(consoleIndex.body()).isEqualTo(page.body());
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .contains("javascript"));
        assertThat(script.body()).contains("/incidents").doesNotContain("http://", "https://");
        assertThat(styles.statusCode()).isEqualTo(200);
        assertThat(styles.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/css"));
        assertThat(missing.statusCode()).isEqualTo(404);
        // The API beside it answers as before.
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(json(list).isArray()).isTrue();
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("message").asText()).isEqualTo("no incident INC-20000101-0001");
        assertThat(command.statusCode()).isEqualTo(401);
    }

    @Test
    void aNewIncidentAppearsInTheConsoleAndIsAcknowledgedThroughItsButton() {
        Optional<Path> chromium = executable("console.chromium", "chromium", "chromium-browser", "google-chrome");
        Optional<Path> chromedriver = executable("console.chromedriver", "chromedriver");
        assumeTrue(chromium.isPresent() && chromedriver.isPresent(), "operator console browser test skipped: no "
                + (chromium.isEmpty() ? "chromium" : "chromedriver") + " found (install Debian's chromium and "
                + "chromium-driver: apt-get install chromium chromium-driver, as .ci/run does; or name them with "
                + "-Dconsole.chromium= and -Dconsole.chromedriver=)");

        WebDriver browser = headlessChromium(chromium.get(), chromedriver.get());
        try {
            WebDriverWait wait = new WebDriverWait(browser, WAIT);
            // The page rebuilds what changed on each poll: an element found a moment ago may be replaced.
            wait.ignoring(StaleElementReferenceException.class);
            browser.get("http://localhost:" + APP.getLocalPort() + "/");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("refresh-state"), "Live"));

            String title = "Checkout down for every tenant " + Instant.now().toEpochMilli();
            publishAlert("console-checkout-down", title, "checkout");

            By row = By.xpath("//tr[contains(@class, 'incident-row')][.//a[normalize-space() = '" + title + "']]");
            String id = wait.until(driver -> driver.findElement(row).getAttribute("data-incident-id"));
            By rowOfId = By.cssSelector("tr.incident-row[data-incident-id='" + id + "']");
            wait.until(ExpectedConditions.attributeToBe(rowOfId, "data-status", "OPEN"));
            String rowText = wait.until(driver -> driver.findElement(rowOfId).getText());
            assertThat(rowText).contains("P1", "OPEN", "all tenants", "left");

            screenshot(browser, "list");
            wait.until(driver -> {
                driver.findElement(By.linkText(title)).click();
                return true;
            });
            wait.until(ExpectedConditions.attributeToBe(By.id("incident-status"), "data-status", "OPEN"));
            wait.until(ExpectedConditions.textToBe(By.id("incident-title"), title));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#timeline tr[data-type='OPENED']")));

            // Without a token the API's 401 is shown as it is, and the console asks for the token.
            By acknowledge = By.cssSelector("button[data-command='acknowledge']");
            wait.until(ExpectedConditions.elementToBeClickable(acknowledge)).click();
            WebElement refused = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#command-result .banner.error")));
            assertThat(refused.getAttribute("data-status")).isEqualTo("401");
            assertThat(refused.getText()).contains("missing Authorization: Bearer <token> header");
            WebElement tokenInput = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-input")));
            tokenInput.sendKeys("alice-token");
            browser.findElement(By.id("token-save")).click();
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("token-input")));

            wait.until(ExpectedConditions.elementToBeClickable(acknowledge)).click();
            WebElement accepted = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#command-result .banner.ok")));
            assertThat(accepted.getText()).contains("accepted (by alice)");
            wait.until(ExpectedConditions.attributeToBe(By.id("incident-status"), "data-status", "ACKNOWLEDGED"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#timeline tr[data-to-status='ACKNOWLEDGED']")));
            assertThat(browser.findElement(acknowledge).isEnabled()).as("acknowledge needs OPEN").isFalse();
            screenshot(browser, "incident-acknowledged");

            JsonNode incident = json(http.get("/incidents/" + id));
            assertThat(incident.get("status").asText()).isEqualTo("ACKNOWLEDGED");
            assertThat(incident.get("acknowledgedBy").asText()).isEqualTo("alice");

            browser.findElement(By.linkText("\u2190 All incidents")).click();
            wait.until(ExpectedConditions.attributeToBe(rowOfId, "data-status", "ACKNOWLEDGED"));
        } finally {
            browser.quit();
        }
    }

    private static WebDriver headlessChromium(Path chromium, Path chromedriver) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        // No sandbox: CI runs as root, where Chromium refuses to start with one. No /dev/shm: small in containers.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--user-data-dir=" + stateDir());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    /** What the browser showed, as target/operator-console/{@code name}.png: to look at after a run. */
    private static void screenshot(WebDriver browser, String name) {
        try {
            Path directory = Files.createDirectories(Path.of("target", "operator-console"));
            Files.write(directory.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the screenshot " + name, e);
        }
    }

    /** The executable the system property names, else the first of {@code names} on the PATH. */
    private static Optional<Path> executable(String property, String... names) {
        String configured = System.getProperty(property, "");
        if (!configured.isBlank()) {
            Path path = Path.of(configured);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String searchPath = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(searchPath.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .flatMap(dir -> Stream.of(names).map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** One triggering alert for every tenant, received now: a P1. */
    private static void publishAlert(String dedupKey, String title, String component) {
        Instant now = Instant.now();
        AlertEvent alert = TestEvents.anAlert()
                .setEventId("evt-" + dedupKey)
                .setDedupKey("test:" + dedupKey)
                .setTitle(title)
                .setComponent(component)
                .setTenants(List.of())
                .setAllTenants(true)
                .setImpact(Impact.OUTAGE)
                .setSeverityHint(null)
                .setSeverityHintReason(null)
                .setOccurredAt(now)
                .setReceivedAt(now)
                .build();
        try {
            alerts.send(new ProducerRecord<>(topics.alerts().name(), null, now.toEpochMilli(), alert.getDedupKey(), alert))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not send the alert " + dedupKey, e.getCause());
        }
    }

    private static String stateDir() {
        try {
            // Under target/: the OS temp directory may be cleaned under a running instance.
            return Files.createTempDirectory(Files.createDirectories(Path.of("target")), "operator-console-")
                    .toAbsolutePath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
