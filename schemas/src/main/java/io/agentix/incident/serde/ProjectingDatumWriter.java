package io.agentix.incident.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Writes a record of one schema as if it had been written with another, compatible one: encode with
 * the record's own schema, read that back resolved to the target schema, encode again.
 *
 * <p>Used only for {@code use.latest.version} when the latest registered version differs in its
 * binary layout from the class the application was compiled with (an older or newer generated
 * class). The bytes must match the id in the header, and a specific writer cannot write a record
 * with another record's field positions, hence the round trip. It costs two encodings per record,
 * which only this uncommon case pays.
 */
final class ProjectingDatumWriter implements DatumWriter<Object> {

    private final DatumWriter<Object> ownWriter;
    private final GenericDatumReader<Object> toTarget;
    private final GenericDatumWriter<Object> targetWriter;

    ProjectingDatumWriter(DatumWriter<Object> ownWriter, Schema own, Schema target) {
        this.ownWriter = ownWriter;
        // GenericData without conversions: logical values stay in their raw Avro form (longs for timestamps).
        this.toTarget = new GenericDatumReader<>(own, target, new GenericData());
        this.targetWriter = new GenericDatumWriter<>(target, new GenericData());
    }

    @Override
    public void setSchema(Schema schema) {
        throw new UnsupportedOperationException("the schemas of a projecting writer are fixed");
    }

    @Override
    public void write(Object datum, Encoder out) throws IOException {
        ByteArrayOutputStream own = new ByteArrayOutputStream(256);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(own, null);
        ownWriter.write(datum, encoder);
        encoder.flush();
        Object projected = toTarget.read(null, DecoderFactory.get().binaryDecoder(own.toByteArray(), null));
        targetWriter.write(projected, out);
    }
}
