package org.teachingrnns.rnn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON for the command line, through Jackson trees.
 *
 * <p>Numbers: doubles are written by {@link Double#toString(double)}, the shortest decimal that reads back
 * to the same double (JDK 19+), so {@code teach grad} output round-trips exactly. JSON has no NaN or
 * infinity: every double goes through {@link #number(double)}, which writes {@code null} for a non-finite
 * value and counts it, so the caller can say so ({@link #nonFinite()}); the output is always valid JSON.
 * Reading is strict: NaN tokens, comments and trailing content are errors.
 */
final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private int nonFinite;

    /** How many non-finite doubles were written as null so far. */
    int nonFinite() {
        return nonFinite;
    }

    ObjectNode object() {
        return nodes.objectNode();
    }

    ArrayNode array() {
        return nodes.arrayNode();
    }

    JsonNode number(double v) {
        if (!Double.isFinite(v)) {
            nonFinite++;
            return nodes.nullNode();
        }
        return nodes.numberNode(v);
    }

    ArrayNode vector(double[] v) {
        ArrayNode a = nodes.arrayNode(v.length);
        for (double x : v) {
            a.add(number(x));
        }
        return a;
    }

    /** A matrix as nested row arrays (row-major, PyTorch's layout). */
    ArrayNode matrix(double[][] m) {
        ArrayNode a = nodes.arrayNode(m.length);
        for (double[] row : m) {
            a.add(vector(row));
        }
        return a;
    }

    /** Complex numbers as [[re, im], ...]. */
    ArrayNode complexList(double[] re, double[] im) {
        ArrayNode a = nodes.arrayNode(re.length);
        for (int i = 0; i < re.length; i++) {
            ArrayNode pair = nodes.arrayNode(2);
            pair.add(number(re[i]));
            pair.add(number(im[i]));
            a.add(pair);
        }
        return a;
    }

    /** Converts plain values (numbers, strings, booleans, lists, maps, arrays of double) into a node. */
    JsonNode value(Object v) {
        if (v == null) {
            return nodes.nullNode();
        }
        if (v instanceof JsonNode n) {
            return n;
        }
        if (v instanceof Double d) {
            return number(d);
        }
        if (v instanceof Float f) {
            return number(f);
        }
        if (v instanceof Integer i) {
            return nodes.numberNode(i);
        }
        if (v instanceof Long l) {
            return nodes.numberNode(l);
        }
        if (v instanceof Number n) {
            return number(n.doubleValue());
        }
        if (v instanceof Boolean b) {
            return nodes.booleanNode(b);
        }
        if (v instanceof double[] d) {
            return vector(d);
        }
        if (v instanceof double[][] m) {
            return matrix(m);
        }
        if (v instanceof int[] ints) {
            ArrayNode a = nodes.arrayNode(ints.length);
            for (int x : ints) {
                a.add(x);
            }
            return a;
        }
        if (v instanceof Map<?, ?> map) {
            ObjectNode o = nodes.objectNode();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                o.set(String.valueOf(e.getKey()), value(e.getValue()));
            }
            return o;
        }
        if (v instanceof Iterable<?> it) {
            ArrayNode a = nodes.arrayNode();
            for (Object x : it) {
                a.add(value(x));
            }
            return a;
        }
        if (v instanceof Enum<?> e) {
            return nodes.textNode(e.name().toLowerCase(java.util.Locale.ROOT));
        }
        return nodes.textNode(String.valueOf(v));
    }

    /** Pretty JSON text with a final newline. */
    static String pretty(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    /** Compact JSON text on one line. */
    static String compact(JsonNode node) {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    /**
     * Reads a JSON file; a missing or unreadable file is an IOException, a syntax error a
     * {@link BadInputException} naming the file, line and column.
     */
    static JsonNode read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new BadInputException(file + " is a directory, not a JSON file");
        }
        byte[] bytes = Files.readAllBytes(file);
        try (JsonParser p = MAPPER.createParser(bytes)) {
            JsonNode node = MAPPER.readTree(p);
            if (node == null || node.isMissingNode()) {
                throw new BadInputException(file + " is empty; expected a JSON object");
            }
            if (p.nextToken() != null) {
                throw new BadInputException("malformed JSON in " + file + ": unexpected content after the top-level value at line "
                        + p.currentLocation().getLineNr());
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadInputException(Errors.describeJson(e, file.toString()));
        }
    }
}
