package org.teachingrnns.rnn.teacher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.teachingrnns.rnn.analysis.Spectra;
import org.teachingrnns.rnn.model.Activation;

/**
 * A teacher is part of an experiment's definition, so it must be the same bits on every machine: a random teacher
 * scaled by its spectral radius, and a model teacher's poles, do not depend on the SIMD width of the default Blas.
 * A child JVM with 256-bit vectors draws the same teachers as this one (512-bit on AVX-512 machines; on a 256-bit
 * machine the child runs 128-bit).
 */
class TeacherPortabilityTest {

    /** hidden 40: past the reduction's reflector threshold, so the default Blas would take part. */
    static String fingerprint() {
        StringBuilder sb = new StringBuilder();
        for (Activation f : List.of(Activation.LINEAR, Activation.TANH)) {
            Teacher t = RandomRnnTeacher.draw(40, 0.9, f, new SplittableRandom(7));
            sb.append(Arrays.hashCode(t.model().parameterArray())).append(' ');
            sb.append(Arrays.hashCode(Arrays.stream(Teacher.ofModel(t.model()).poles().toPairs())
                    .flatMapToDouble(Arrays::stream).toArray())).append(' ');
        }
        return sb.toString().strip();
    }

    public static void main(String[] args) {
        System.out.println(fingerprint());
    }

    @Test
    void theSpectralRadiusIsWhatWasAsked() {
        Teacher t = RandomRnnTeacher.draw(40, 0.9, Activation.LINEAR, new SplittableRandom(7));
        assertEquals(0.9, Spectra.spectralRadius(Spectra.eigenvalues(t.model())), 1e-12);
    }

    @Test
    void aNarrowerVectorUnitDrawsTheSameTeachers() throws Exception {
        int bits = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.vectorBitSize();
        int other = bits >= 512 ? 256 : 128;
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-Dteachingrnns.vector.bits=" + other,
                "-cp", System.getProperty("java.class.path"), TeacherPortabilityTest.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String child = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertEquals(fingerprint(), child, "teachers drawn at " + bits + " and " + other + " bits");
    }
}
