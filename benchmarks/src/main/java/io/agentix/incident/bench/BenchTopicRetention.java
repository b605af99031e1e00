package io.agentix.incident.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Caps the disk the bench broker may use: sets small {@code segment.bytes} and
 * {@code retention.bytes} on every topic of the (throw-away) bench cluster.
 *
 * <p>Why: the ingest target writes every ~8 KB body to {@code webhooks.raw} at thousands per
 * second, tens of GB over a full run, on a disk other engineers share. With small segments the
 * broker's periodic retention check ({@code log.retention.check.interval.ms}, 5 min by default)
 * deletes all but the last {@code retention.bytes} of each partition. Acks and the produce path
 * are unchanged, so the measurement is not.
 *
 * <pre>
 * java -cp benchmarks.jar io.agentix.incident.bench.BenchTopicRetention BOOTSTRAP SEGMENT_BYTES RETENTION_BYTES
 * </pre>
 * Topics whose name starts with {@code _} (the schema registry's store) are left alone.
 */
public final class BenchTopicRetention {

    private static final long TIMEOUT_SECONDS = 30;

    private BenchTopicRetention() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: BenchTopicRetention BOOTSTRAP SEGMENT_BYTES RETENTION_BYTES");
            System.exit(2);
            return;
        }
        String bootstrap = args[0];
        String segmentBytes = String.valueOf(Long.parseLong(args[1]));
        String retentionBytes = String.valueOf(Long.parseLong(args[2]));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> names = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
            List<String> capped = new ArrayList<>();
            for (String name : names) {
                if (name.startsWith("_")) {
                    continue;
                }
                changes.put(new ConfigResource(ConfigResource.Type.TOPIC, name), List.of(
                        new AlterConfigOp(new ConfigEntry(TopicConfig.SEGMENT_BYTES_CONFIG, segmentBytes),
                                AlterConfigOp.OpType.SET),
                        new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_BYTES_CONFIG, retentionBytes),
                                AlterConfigOp.OpType.SET)));
                capped.add(name);
            }
            admin.incrementalAlterConfigs(changes).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            capped.sort(null);
            System.out.println("segment.bytes=" + segmentBytes + " retention.bytes=" + retentionBytes + " on " + capped);
        } catch (ExecutionException | TimeoutException e) {
            System.err.println("bench-topic-retention: cannot set retention on the topics of " + bootstrap + ": " + e);
            System.exit(1);
        }
    }
}
