package io.agentix.incident.escalation.kafka;

import java.time.Duration;
import java.util.function.Supplier;

import org.apache.kafka.common.utils.Time;

/**
 * The system clock moved ahead by a fixed offset: a Kafka Streams instance given this {@link Time}
 * punctuates as if it ran {@code offset} later, so a test sees an overdue clock fire without waiting
 * for it. Monotonic time ({@link #nanoseconds()}) is not shifted: timeouts and intervals are unchanged.
 */
final class ShiftedTime implements Time {

    private final long offsetMillis;

    ShiftedTime(Duration offset) {
        this.offsetMillis = offset.toMillis();
    }

    @Override
    public long milliseconds() {
        return System.currentTimeMillis() + offsetMillis;
    }

    @Override
    public long nanoseconds() {
        return System.nanoTime();
    }

    @Override
    public void sleep(long ms) {
        Time.SYSTEM.sleep(ms);
    }

    @Override
    public void waitObject(Object obj, Supplier<Boolean> condition, long deadlineMs) throws InterruptedException {
        // Callers computed the deadline from milliseconds(); the system clock waits in its own terms.
        Time.SYSTEM.waitObject(obj, condition, deadlineMs - offsetMillis);
    }
}
