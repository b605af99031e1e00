package io.agentix.incident.serde;

import static io.agentix.incident.events.TestEvents.aRawWebhook;
import static io.agentix.incident.events.TestEvents.anAlert;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The encoder writes exactly the bytes of Avro's own binary encoder. */
class ByteArrayEncoderTest {

    private interface Writing {
        void to(Encoder encoder) throws IOException;
    }

    private static byte[] avros(Writing writing) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        writing.to(encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] ours(ByteArrayEncoder encoder, Writing writing) throws IOException {
        encoder.reset();
        writing.to(encoder);
        return encoder.toByteArray();
    }

    static Stream<Schema> everySchema() {
        return SpecificAvroSerdeTest.everyEventType().map(SpecificRecord::getSchema);
    }

    @ParameterizedTest
    @MethodSource("everySchema")
    void writesAvrosBytesForRandomRecordsOfEverySchema(Schema schema) throws IOException {
        DatumWriter<Object> writer = new GenericDatumWriter<>(schema);
        ByteArrayEncoder encoder = new ByteArrayEncoder(16); // small, so that it grows
        int records = 0;
        for (Object record : new RandomData(schema, 300, 20261130L)) {
            assertThat(ours(encoder, e -> writer.write(record, e))).isEqualTo(avros(e -> writer.write(record, e)));
            records++;
        }
        assertThat(records).isEqualTo(300);
    }

    @Test
    void writesAvrosBytesForSpecificRecordsWithLargeBodiesAndAnyText() throws IOException {
        byte[] body = new byte[300_000];
        new Random(7).nextBytes(body);
        ByteBuffer offsetBody = ByteBuffer.wrap(body, 1000, 5000).slice();
        ByteBuffer direct = ByteBuffer.allocateDirect(4096).put(body, 0, 4096).flip();
        List<SpecificRecord> records = List.of(
                aRawWebhook().setBody(ByteBuffer.wrap(body)).build(),
                aRawWebhook().setBody(offsetBody).build(),
                aRawWebhook().setBody(direct).build(),
                aRawWebhook().setBody(ByteBuffer.wrap(body).asReadOnlyBuffer()).build(),
                aRawWebhook().setBody(ByteBuffer.allocate(0)).setNote("").build(),
                anAlert().setTitle("Zahlung fehlgeschlagen: Gr\u00f6\u00dfe \u63a5\u7d9a \ud83d\udea8").build(),
                anAlert().setTitle("x".repeat(70_000)).setDescription("\u00e9".repeat(40_000)).build(),
                anAlert().setTitle("lone \ud800 surrogate").setLabels(Map.of("k\u00e9y", "v")).build());
        ByteArrayEncoder encoder = new ByteArrayEncoder(512);
        for (SpecificRecord record : records) {
            DatumWriter<Object> writer = new SpecificDatumWriter<>(record.getSchema());
            assertThat(ours(encoder, e -> writer.write(record, e))).isEqualTo(avros(e -> writer.write(record, e)));
        }
    }

    @Test
    void writesAvrosBytesForEveryPrimitive() throws IOException {
        Random random = new Random(11);
        ByteArrayEncoder encoder = new ByteArrayEncoder(1);
        for (int i = 0; i < 2_000; i++) {
            int n = i < 10 ? new int[] {0, 1, -1, 63, 64, -64, -65, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 21}[i]
                    : random.nextInt() >> random.nextInt(32);
            long l = random.nextLong() >> random.nextInt(64);
            float f = random.nextFloat();
            double d = i == 0 ? Double.NaN : random.nextDouble() * 1e300;
            boolean b = random.nextBoolean();
            String text = new String(new char[random.nextInt(5)]).replace('\0', (char) random.nextInt(0x3000));
            Writing writing = e -> {
                e.writeInt(n);
                e.writeLong(l);
                e.writeFloat(f);
                e.writeDouble(d);
                e.writeBoolean(b);
                e.writeString(text);
                e.writeBytes(text.getBytes(StandardCharsets.UTF_8));
                e.writeFixed(new byte[] {1, 2, 3});
                e.writeEnum(n & 7);
                e.writeIndex(n & 1);
                e.writeArrayStart();
                e.setItemCount(2);
                e.startItem();
                e.writeNull();
                e.startItem();
                e.writeArrayEnd();
                e.writeMapStart();
                e.setItemCount(0);
                e.writeMapEnd();
            };
            assertThat(ours(encoder, writing)).as("case %d", i).isEqualTo(avros(writing));
        }
    }

    @Test
    void startsEachRecordAfreshInTheSameArray() throws IOException {
        ByteArrayEncoder encoder = new ByteArrayEncoder(8);
        assertThat(ours(encoder, e -> e.writeString("a longer first record"))).hasSize(22);
        assertThat(ours(encoder, e -> e.writeInt(1))).containsExactly(2);
        assertThat(encoder.capacity()).isGreaterThanOrEqualTo(22);
    }
}
