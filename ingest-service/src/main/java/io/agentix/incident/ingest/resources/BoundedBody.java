package io.agentix.incident.ingest.resources;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A request body read once, as raw bytes, up to a limit. A body over the limit is not read to its
 * end: only a prefix is kept for the record of the rejection.
 *
 * @param bytes the whole body, or the kept prefix when too large
 * @param size the body's size: exact, or for an over-limit body its declared length (at least
 *     limit + 1 when it declared none)
 * @param tooLarge whether the body exceeds the limit
 */
record BoundedBody(byte[] bytes, long size, boolean tooLarge) {

    /**
     * @param declaredLength the Content-Length, or -1
     * @param limit the largest body accepted
     * @param keptWhenTooLarge how much of an over-limit body to keep
     */
    static BoundedBody read(InputStream in, long declaredLength, int limit, int keptWhenTooLarge) throws IOException {
        if (declaredLength > limit) {
            return new BoundedBody(in.readNBytes(keptWhenTooLarge), declaredLength, true);
        }
        if (declaredLength >= 0) {
            // One exact allocation for the common case: the sender says how long the body is.
            byte[] body = new byte[(int) declaredLength];
            int read = in.readNBytes(body, 0, body.length);
            byte[] exact = read == body.length ? body : Arrays.copyOf(body, read);
            return new BoundedBody(exact, exact.length, false);
        }
        byte[] body = in.readNBytes(limit + 1);
        if (body.length > limit) {
            return new BoundedBody(Arrays.copyOf(body, Math.min(keptWhenTooLarge, body.length)), body.length, true);
        }
        return new BoundedBody(body, body.length, false);
    }
}
