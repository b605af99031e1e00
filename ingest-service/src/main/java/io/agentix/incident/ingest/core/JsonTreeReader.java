package io.agentix.incident.ingest.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads a body that is plainly valid JSON straight from its bytes into Jackson's tree nodes, leaving
 * out what a normalizer never reads, without going through Jackson's parser.
 *
 * <p>Why it exists: a large Sentry event is mostly parts no mapping reads (breadcrumbs, every stack
 * frame but the last), and Jackson's tokenizer spent more on stepping over them (a symbol-table lookup
 * per field name, a context per object, every number decoded) than on the tree that is built. Here
 * what is left out is only checked, byte by byte (BENCHMARKS.md, "Reading Sentry events without
 * Jackson's tokenizer").
 *
 * <p>It gives up rather than judge: anything but RFC 8259 JSON in well-formed UTF-8, within limits far
 * below Jackson's (nesting, number and name length), makes {@link #read} return {@code null}, and
 * {@link JsonPayload} parses the body with Jackson instead, whose complaint names the problem and
 * whose leniencies (a byte-order mark, UTF-16) stay as they were. What it accepts, Jackson accepts
 * too, and the tree is the one Jackson builds: for integers the smallest of int, long and BigInteger
 * that holds them, doubles for fractions and exponents, the last of repeated keys winning in the
 * first one's place. {@code JsonTreeReaderTest} compares the two on generated documents.
 */
final class JsonTreeReader {

    /** Jackson allows 1,000 levels; a body nested deeper than this is left to it. */
    static final int MAX_DEPTH = 200;
    /** Jackson allows numbers of 1,000 characters; longer than this are left to it. */
    static final int MAX_NUMBER_LENGTH = 100;
    /** Jackson allows names of 50,000 bytes; longer than this are left to it. */
    static final int MAX_NAME_LENGTH = 1_000;
    /** Jackson allows strings of 20,000,000 characters, which a body of this size cannot reach. */
    static final int MAX_BODY_LENGTH = 16 * 1024 * 1024;

    /** Thrown to unwind when the body is not plainly valid; carries no stack, as it is not a failure. */
    private static final class GiveUp extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final GiveUp INSTANCE = new GiveUp();

        private GiveUp() {
            super("not plainly valid JSON", null, false, false);
        }
    }

    /** Eight bytes of the body at a time, for {@link #plainEnd(int)}. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private final byte[] in;
    private final FieldNames names;
    private final JsonNodeFactory nodes;
    private int pos;

    private JsonTreeReader(byte[] in, FieldNames names, JsonNodeFactory nodes) {
        this.in = in;
        this.names = names;
        this.nodes = nodes;
    }

    /**
     * The tree of {@code body} without the fields {@code names} says are unread (at any depth) and
     * with arrays under a last-only name cut to their last element; {@code null} when the body is not
     * plainly valid JSON (including empty), which the caller then leaves to Jackson.
     */
    static JsonNode read(byte[] body, FieldNames names, JsonNodeFactory nodes) {
        if (body.length > MAX_BODY_LENGTH) {
            return null;
        }
        JsonTreeReader reader = new JsonTreeReader(body, names, nodes);
        try {
            reader.skipWhitespace();
            JsonNode root = reader.value(0);
            reader.skipWhitespace();
            return reader.pos == body.length ? root : null;
        } catch (GiveUp e) {
            return null;
        }
    }

    private static GiveUp giveUp() {
        return GiveUp.INSTANCE;
    }

    private byte peek() {
        if (pos >= in.length) {
            throw giveUp();
        }
        return in[pos];
    }

    private void skipWhitespace() {
        while (pos < in.length) {
            byte b = in[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }

    /** Reads the value at {@code pos} (no whitespace before it) and leaves {@code pos} just after it. */
    private JsonNode value(int depth) {
        switch (peek()) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return nodes.textNode(string());
            case 't':
                literal("true");
                return nodes.booleanNode(true);
            case 'f':
                literal("false");
                return nodes.booleanNode(false);
            case 'n':
                literal("null");
                return nodes.nullNode();
            default:
                return number();
        }
    }

    private ObjectNode object(int depth) {
        ObjectNode object = nodes.objectNode();
        if (isEmpty(depth, '}')) {
            return object;
        }
        while (true) {
            FieldName name = name();
            if (name.unread()) {
                skipValue(depth);
            } else if (name.lastOnly() && peek() == '[') {
                object.replace(name.text(), lastElement(depth + 1));
            } else {
                object.replace(name.text(), value(depth));
            }
            if (endOfMembers('}')) {
                return object;
            }
        }
    }

    private ArrayNode array(int depth) {
        ArrayNode array = nodes.arrayNode();
        if (isEmpty(depth, ']')) {
            return array;
        }
        do {
            array.add(value(depth));
        } while (!endOfMembers(']'));
        return array;
    }

    /** Checks every element, then builds the last one alone. */
    private ArrayNode lastElement(int depth) {
        ArrayNode array = nodes.arrayNode(1);
        if (isEmpty(depth, ']')) {
            return array;
        }
        int last;
        do {
            last = pos;
            skipValue(depth);
        } while (!endOfMembers(']'));
        int end = pos;
        pos = last;
        array.add(value(depth));
        pos = end;
        return array;
    }

    /** A member's name and the colon after it; leaves {@code pos} on the value. */
    private FieldName name() {
        if (peek() != '"') {
            throw giveUp();
        }
        int start = pos + 1;
        int end = plainEnd(start);
        FieldName name;
        if (end < in.length && in[end] == '"') {
            name = names.of(in, start, end); // the usual name: ASCII, nothing escaped
            pos = end + 1;
        } else {
            name = names.of(string());
        }
        colonAfterName(start);
        return name;
    }

    /** After a name whose text began at {@code start}: checks its length and moves past the colon. */
    private void colonAfterName(int start) {
        if (pos - 1 - start > MAX_NAME_LENGTH) {
            throw giveUp();
        }
        skipWhitespace();
        if (peek() != ':') {
            throw giveUp();
        }
        pos++;
        skipWhitespace();
    }

    /**
     * Opens the object or array at {@code pos}, at nesting {@code depth}: true when it is empty (its
     * {@code close} consumed too), false with {@code pos} on its first member.
     */
    private boolean isEmpty(int depth, char close) {
        checkDepth(depth);
        pos++;
        skipWhitespace();
        if (peek() == close) {
            pos++;
            return true;
        }
        return false;
    }

    /**
     * After a member or element: true at the closing bracket (consumed), false at a comma (consumed,
     * with the whitespace after it, so the next member starts at {@code pos}).
     */
    private boolean endOfMembers(char close) {
        skipWhitespace();
        byte b = peek();
        pos++;
        if (b == close) {
            return true;
        }
        if (b != ',') {
            throw giveUp();
        }
        skipWhitespace();
        return false;
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw giveUp();
        }
    }

    /** Checks the value at {@code pos} without building it and leaves {@code pos} just after it. */
    private void skipValue(int depth) {
        switch (peek()) {
            case '{' -> {
                if (isEmpty(depth + 1, '}')) {
                    return;
                }
                do {
                    if (peek() != '"') {
                        throw giveUp();
                    }
                    int start = pos + 1;
                    skipString();
                    colonAfterName(start);
                    skipValue(depth + 1);
                } while (!endOfMembers('}'));
            }
            case '[' -> {
                if (isEmpty(depth + 1, ']')) {
                    return;
                }
                do {
                    skipValue(depth + 1);
                } while (!endOfMembers(']'));
            }
            case '"' -> skipString();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> numberEnd();
        }
    }

    private void literal(String word) {
        int end = pos + word.length();
        if (end > in.length) {
            throw giveUp();
        }
        for (int i = 0; i < word.length(); i++) {
            if (in[pos + i] != word.charAt(i)) {
                throw giveUp();
            }
        }
        pos = end;
    }

    /** The string at {@code pos} (on its opening quote), decoded; leaves {@code pos} after the closing quote. */
    private String string() {
        int start = pos + 1;
        int i = start;
        boolean ascii = true;
        while (true) {
            i = specialInString(i);
            byte b = in[i];
            if (b == '"') {
                pos = i + 1;
                return new String(in, start, i - start, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
            }
            if (b == '\\') {
                return escapedString(start, i);
            }
            i = afterUtf8Sequence(i);
            ascii = false;
        }
    }

    /** The rest of a string from its first backslash at {@code i}; rare enough to be decoded simply. */
    private String escapedString(int start, int i) {
        StringBuilder text = new StringBuilder(i - start + 16);
        int run = start;
        while (true) {
            i = specialInString(i);
            byte b = in[i];
            if (b == '"' || b == '\\') {
                text.append(new String(in, run, i - run, StandardCharsets.UTF_8));
                if (b == '"') {
                    pos = i + 1;
                    return text.toString();
                }
                i = escape(i, text);
                run = i;
            } else {
                i = afterUtf8Sequence(i);
            }
        }
    }

    /** {@link #plainEnd(int)} within a string, which must go on: its closing quote is still to come. */
    private int specialInString(int i) {
        int end = plainEnd(i);
        if (end >= in.length) {
            throw giveUp();
        }
        return end;
    }

    /**
     * The index of the first byte from {@code i} on that is not plain text in a string (a quote, a
     * backslash, a control character or part of a multi-byte sequence), or the body's length. Most of
     * a body is plain text in strings, so it is checked eight bytes at a time: a byte's high bit in
     * {@code special} is set when it is a quote, a backslash, below 0x20 or above 0x7F. A byte after
     * such a one can be flagged wrongly (a borrow), but never the first flagged one, which is the
     * answer.
     */
    private int plainEnd(int i) {
        byte[] bytes = in;
        int last = bytes.length - Long.BYTES;
        while (i <= last) {
            long word = (long) LONGS.get(bytes, i);
            long quotes = word ^ (ONES * '"');
            long backslashes = word ^ (ONES * '\\');
            long special = (((quotes - ONES) & ~quotes) | ((backslashes - ONES) & ~backslashes)
                    | (word - ONES * 0x20) | word) & HIGH_BITS;
            if (special != 0) {
                return i + (Long.numberOfTrailingZeros(special) >>> 3); // little-endian: the lowest byte comes first
            }
            i += Long.BYTES;
        }
        while (i < bytes.length) {
            byte b = bytes[i];
            if (b == '"' || b == '\\' || b < 0x20) { // negative: a byte of a multi-byte sequence
                break;
            }
            i++;
        }
        return i;
    }

    /** Decodes the escape at {@code i} (its backslash) into {@code text}, or only checks it when null. */
    private int escape(int i, StringBuilder text) {
        if (i + 1 >= in.length) {
            throw giveUp();
        }
        char c;
        switch (in[i + 1]) {
            case '"' -> c = '"';
            case '\\' -> c = '\\';
            case '/' -> c = '/';
            case 'b' -> c = '\b';
            case 'f' -> c = '\f';
            case 'n' -> c = '\n';
            case 'r' -> c = '\r';
            case 't' -> c = '\t';
            case 'u' -> {
                char code = unicodeEscape(i);
                if (Character.isSurrogate(code)) {
                    // Only a pair: Jackson takes a lone one in a value but not in a name.
                    char low = Character.isHighSurrogate(code) && i + 7 < in.length && in[i + 6] == '\\'
                            && in[i + 7] == 'u' ? unicodeEscape(i + 6) : 0;
                    if (!Character.isLowSurrogate(low)) {
                        throw giveUp();
                    }
                    if (text != null) {
                        text.append(code).append(low);
                    }
                    return i + 12;
                }
                if (text != null) {
                    text.append(code);
                }
                return i + 6;
            }
            default -> throw giveUp();
        }
        if (text != null) {
            text.append(c);
        }
        return i + 2;
    }

    /** The character of the {@code \\uXXXX} escape whose backslash is at {@code i}. */
    private char unicodeEscape(int i) {
        if (i + 6 > in.length) {
            throw giveUp();
        }
        int code = 0;
        for (int k = i + 2; k < i + 6; k++) {
            code = (code << 4) | hexDigit(in[k]);
        }
        return (char) code;
    }

    private static int hexDigit(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        throw giveUp();
    }

    private void skipString() {
        int i = pos + 1;
        while (true) {
            i = specialInString(i);
            byte b = in[i];
            if (b == '"') {
                pos = i + 1;
                return;
            }
            i = b == '\\' ? escape(i, null) : afterUtf8Sequence(i);
        }
    }

    /**
     * Checks the multi-byte UTF-8 sequence starting at {@code i} as RFC 3629 defines it (no overlong
     * forms, no surrogates, nothing above U+10FFFF) and returns the index after it.
     */
    private int afterUtf8Sequence(int i) {
        int lead = in[i] & 0xFF; // a control character (below 0x20) is no lead either: it must be escaped
        int length;
        int secondMin = 0x80;
        int secondMax = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) {
                secondMin = 0xA0;
            } else if (lead == 0xED) {
                secondMax = 0x9F;
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) {
                secondMin = 0x90;
            } else if (lead == 0xF4) {
                secondMax = 0x8F;
            }
        } else {
            throw giveUp();
        }
        if (i + length > in.length) {
            throw giveUp();
        }
        int second = in[i + 1] & 0xFF;
        if (second < secondMin || second > secondMax) {
            throw giveUp();
        }
        for (int k = i + 2; k < i + length; k++) {
            if ((in[k] & 0xC0) != 0x80) {
                throw giveUp();
            }
        }
        return i + length;
    }

    /** The number at {@code pos}: int, long or BigInteger for integers, as small as holds it; else a double. */
    private JsonNode number() {
        int start = pos;
        boolean integral = numberEnd();
        int length = pos - start;
        if (!integral) {
            return nodes.numberNode(Double.parseDouble(new String(in, start, length, StandardCharsets.ISO_8859_1)));
        }
        boolean negative = in[start] == '-';
        int digits = negative ? length - 1 : length;
        if (digits <= 18) {
            long value = 0;
            for (int i = negative ? start + 1 : start; i < pos; i++) {
                value = value * 10 + (in[i] - '0');
            }
            value = negative ? -value : value;
            return value == (int) value ? nodes.numberNode((int) value) : nodes.numberNode(value);
        }
        BigInteger value = new BigInteger(new String(in, start, length, StandardCharsets.ISO_8859_1));
        return value.bitLength() < Long.SIZE ? nodes.numberNode(value.longValue()) : nodes.numberNode(value);
    }

    /**
     * Moves {@code pos} past a number in JSON's grammar ({@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?});
     * true when it has neither fraction nor exponent.
     */
    private boolean numberEnd() {
        int start = pos;
        if (pos < in.length && in[pos] == '-') {
            pos++;
        }
        byte first = peek();
        if (first == '0') {
            pos++;
        } else if (first >= '1' && first <= '9') {
            digits();
        } else {
            throw giveUp();
        }
        boolean integral = true;
        if (pos < in.length && in[pos] == '.') {
            pos++;
            requireDigits();
            integral = false;
        }
        if (pos < in.length && (in[pos] == 'e' || in[pos] == 'E')) {
            pos++;
            if (pos < in.length && (in[pos] == '+' || in[pos] == '-')) {
                pos++;
            }
            requireDigits();
            integral = false;
        }
        if (pos - start > MAX_NUMBER_LENGTH) {
            throw giveUp();
        }
        return integral;
    }

    private void requireDigits() {
        byte b = peek();
        if (b < '0' || b > '9') {
            throw giveUp();
        }
        digits();
    }

    private void digits() {
        while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
            pos++;
        }
    }

    /** A field's name and what becomes of its value. */
    record FieldName(String text, boolean unread, boolean lastOnly) {
    }

    /**
     * The fields left out of a tree, and the names met in bodies so far, each kept once with what
     * becomes of its value: a name read again costs a comparison of its bytes instead of a new String
     * and two set lookups, and all the trees share its String (as Jackson shares the names of its
     * symbol table). Safe to share between threads: a slot holds an immutable entry, and two threads
     * putting a name at once at worst both build it. A body of unheard-of names only replaces entries.
     */
    static final class FieldNames {
        private static final int SLOTS = 1024;

        private record Entry(byte[] bytes, FieldName name) {
        }

        private final Set<String> unread;
        private final Set<String> lastOnly;
        private final Entry[] slots = new Entry[SLOTS];

        /**
         * @param unread   names of fields whose values are left out, at any depth
         * @param lastOnly names of fields whose arrays keep only their last element
         */
        FieldNames(Set<String> unread, Set<String> lastOnly) {
            this.unread = unread;
            this.lastOnly = lastOnly;
        }

        /** The name spelled by the ASCII bytes {@code in[start..end)}. */
        FieldName of(byte[] in, int start, int end) {
            int hash = 0;
            for (int i = start; i < end; i++) {
                hash = 31 * hash + in[i];
            }
            int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
            Entry entry = slots[slot];
            if (entry != null && Arrays.equals(entry.bytes, 0, entry.bytes.length, in, start, end)) {
                return entry.name;
            }
            FieldName name = of(new String(in, start, end - start, StandardCharsets.ISO_8859_1));
            slots[slot] = new Entry(Arrays.copyOfRange(in, start, end), name);
            return name;
        }

        /** A name that had escapes or non-ASCII text, decoded. */
        FieldName of(String text) {
            return new FieldName(text, unread.contains(text), lastOnly.contains(text));
        }
    }
}
