package org.teachingrnns.rnn.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Vector API's preferred species, or a sentence saying the incubator module is missing (the Jlama
 * {@code MachineSpec} idea: explain the flag instead of failing with NoClassDefFoundError).
 */
final class VectorInfo {

    static final String MODULE = "jdk.incubator.vector";

    private VectorInfo() {
    }

    static boolean modulePresent() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    /** {float: {bits, lanes}, double: {bits, lanes}} or {missing: sentence}. */
    static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!modulePresent()) {
            m.put("missing", "the Vector API module is not enabled in this JVM: run java with --add-modules "
                    + MODULE + " (the teach launcher does)");
            return m;
        }
        try {
            m.put("float", Species.floatSpecies());
            m.put("double", Species.doubleSpecies());
        } catch (LinkageError e) {
            m.clear();
            m.put("missing", "the Vector API could not be loaded: " + e);
        }
        return m;
    }

    /** Only loaded when the module is present, so its references to jdk.incubator.vector resolve. */
    private static final class Species {
        static Map<String, Object> floatSpecies() {
            var s = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED;
            return shape(s.vectorBitSize(), s.length());
        }

        static Map<String, Object> doubleSpecies() {
            var s = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED;
            return shape(s.vectorBitSize(), s.length());
        }

        private static Map<String, Object> shape(int bits, int lanes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bits", bits);
            m.put("lanes", lanes);
            return m;
        }
    }
}
