package org.teachingrnns.rnn.cli;

import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/** Reading the lines of a sweep file: each must be a JSON object with {@code run_id}, {@code grid} and {@code grid_index}. */
final class SweepCommandLines {

    private SweepCommandLines() {
    }

    /** Line {@code n} (1-based) of {@code file} as JSON; anything but a sweep line is a {@link BadInputException}. */
    static JsonNode parse(Path file, int n, String line) {
        JsonNode j;
        try {
            j = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new BadInputException("line " + n + " of " + file + " is not JSON: " + Teach.oneLine(e.getOriginalMessage()));
        }
        if (j == null || !j.isObject() || !j.path("run_id").isTextual() || !j.path("grid").isTextual()
                || !j.path("grid_index").canConvertToInt()) {
            throw new BadInputException("line " + n + " of " + file + " is not a teach sweep line (no run_id, grid and grid_index)");
        }
        return j;
    }
}
