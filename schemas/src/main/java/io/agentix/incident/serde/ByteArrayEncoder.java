package io.agentix.incident.serde;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.avro.io.BinaryData;
import org.apache.avro.io.BinaryEncoder;

/**
 * Avro's binary encoding written straight into a growable byte array, reused record after record.
 *
 * <p>Why not {@code EncoderFactory.binaryEncoder} into a {@code ByteArrayOutputStream}: that encoder
 * copies every {@code bytes} value before writing it (it wraps the buffer read-only, which hides its
 * array, so {@code Encoder.writeFixed} copies it into a new one: a whole webhook body per record),
 * then copies everything again from its own buffer into the stream, whose methods each take a lock.
 * Here each value is written once, where it ends up. The bytes are exactly Avro's
 * ({@code ByteArrayEncoderTest} compares them on random records of every schema).
 */
final class ByteArrayEncoder extends BinaryEncoder {

    private byte[] buf;
    private int count;

    ByteArrayEncoder(int initialCapacity) {
        this.buf = new byte[initialCapacity];
    }

    /** Starts a new record: what was written before is dropped, the array is kept. */
    void reset() {
        count = 0;
    }

    /** What was written since {@link #reset()}, in a new array of exactly that length. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, count);
    }

    int capacity() {
        return buf.length;
    }

    private void ensure(int more) {
        if (buf.length - count < more) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
        }
    }

    @Override
    public void writeBoolean(boolean b) {
        ensure(1);
        buf[count++] = (byte) (b ? 1 : 0);
    }

    @Override
    public void writeInt(int n) {
        ensure(5);
        count += BinaryData.encodeInt(n, buf, count);
    }

    @Override
    public void writeLong(long n) {
        ensure(10);
        count += BinaryData.encodeLong(n, buf, count);
    }

    @Override
    public void writeFloat(float f) {
        ensure(4);
        count += BinaryData.encodeFloat(f, buf, count);
    }

    @Override
    public void writeDouble(double d) {
        ensure(8);
        count += BinaryData.encodeDouble(d, buf, count);
    }

    @Override
    public void writeFixed(byte[] bytes, int start, int len) {
        ensure(len);
        System.arraycopy(bytes, start, buf, count, len);
        count += len;
    }

    @Override
    public void writeFixed(ByteBuffer bytes) {
        int len = bytes.remaining();
        if (bytes.hasArray()) {
            writeFixed(bytes.array(), bytes.arrayOffset() + bytes.position(), len);
        } else {
            ensure(len);
            bytes.duplicate().get(buf, count, len);
            count += len;
        }
    }

    /** ASCII text (most of ours: ids, names, times) goes in without an intermediate array. */
    @Override
    public void writeString(String string) {
        int length = string.length();
        int mark = count;
        writeInt(length);
        ensure(length);
        for (int i = 0; i < length; i++) {
            char c = string.charAt(i);
            if (c >= 0x80) {
                count = mark; // not ASCII after all: its UTF-8 length differs from its length
                byte[] utf8 = string.getBytes(StandardCharsets.UTF_8);
                writeInt(utf8.length);
                writeFixed(utf8, 0, utf8.length);
                return;
            }
            buf[count + i] = (byte) c;
        }
        count += length;
    }

    @Override
    protected void writeZero() {
        ensure(1);
        buf[count++] = 0;
    }

    /** Nothing waits to be written anywhere else: the array is the destination. */
    @Override
    public int bytesBuffered() {
        return 0;
    }

    @Override
    public void flush() {
        // the array is the destination
    }
}
