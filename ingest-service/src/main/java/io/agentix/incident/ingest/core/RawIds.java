package io.agentix.incident.ingest.core;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids of deliveries: UUID version 7 (RFC 9562), so ids sort by receipt time in logs and topic
 * dumps. A raw id names one receipt only: it is not part of any event id, so a sender's retry gets a
 * new raw id while its records keep their event ids.
 */
public final class RawIds {

    private RawIds() {
    }

    /** A fresh id whose leading 48 bits are {@code receivedAt} in Unix milliseconds. */
    public static String next(Instant receivedAt) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (receivedAt.toEpochMilli() << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long least = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(most, least).toString();
    }
}
