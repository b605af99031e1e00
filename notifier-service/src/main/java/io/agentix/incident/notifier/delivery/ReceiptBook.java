package io.agentix.incident.notifier.delivery;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The delivery ids that have a receipt (SENT, FAILED, REJECTED or DIGESTED): those are never attempted
 * again. Filled from {@code notification-receipts} read from its beginning and followed, and by this
 * instance as its own receipts are acknowledged. Thread-safe: the follower adds, the coordinator asks.
 *
 * <p>Held in memory, one entry per delivery id the receipts topic holds (it is compacted by key).
 */
public final class ReceiptBook {

    private final Set<String> finished = ConcurrentHashMap.newKeySet();

    /** A receipt for {@code deliveryId} is on the topic. */
    public void record(String deliveryId) {
        finished.add(Objects.requireNonNull(deliveryId, "deliveryId"));
    }

    /** True when {@code deliveryId} has a receipt, whatever its status. */
    public boolean finished(String deliveryId) {
        return finished.contains(deliveryId);
    }

    public int size() {
        return finished.size();
    }
}
