package org.teachingrnns.numeric.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** Construction, width forcing and reporting of the Vector API backend. */
class VectorBlasTest {

    @Test
    void defaultWidthIsThePreferredOne() {
        assertEquals(DoubleVector.SPECIES_PREFERRED.vectorBitSize(), VectorBlas.preferredBits());
        VectorBlas v = new VectorBlas(VectorBlas.preferredBits(), 1);
        assertEquals("vector", v.name());
        String d = v.describe();
        assertTrue(d.contains(DoubleVector.SPECIES_PREFERRED.length() + " double")
                && d.contains(FloatVector.SPECIES_PREFERRED.length() + " float"), d);
        assertTrue(d.contains("MC=") && d.contains("KC=") && d.contains("NC=") && d.contains("threads 1"), d);
    }

    @Test
    void badWidthsAndThreadsAreRejectedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new VectorBlas(64, 1));
        assertTrue(e.getMessage().contains("128, 256 or 512"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new VectorBlas(1024, 1));
        e = assertThrows(IllegalArgumentException.class, () -> new VectorBlas(128, 0));
        assertTrue(e.getMessage().contains("threads"), e.getMessage());
        if (VectorBlas.preferredBits() < 512) {
            e = assertThrows(IllegalArgumentException.class, () -> new VectorBlas(512, 1));
            assertTrue(e.getMessage().contains("widest vectors are " + VectorBlas.preferredBits()), e.getMessage());
        }
    }

    @Test
    void everyWidthHasAConsistentBlocking() {
        for (int bits : new int[] {128, 256, 512}) {
            for (Class<?> type : new Class<?>[] {double.class, float.class}) {
                GemmBlocking b = GemmBlocking.of(type, bits);
                int lanes = bits / (type == double.class ? 64 : 32);
                assertEquals(0, b.nr() % lanes, "NR must be whole vectors");
                assertEquals(0, b.mc() % b.mr());
                assertEquals(0, b.nc() % b.nr());
                // Registers: MR x NR/lanes accumulators + NR/lanes B vectors + one broadcast fit 32 (16 below 512).
                int regs = b.mr() * (b.nr() / lanes) + b.nr() / lanes + 1;
                assertTrue(regs <= (bits == 512 ? 32 : 16), bits + "-bit " + type + " tile needs " + regs + " registers");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> GemmBlocking.of(int.class, 512));
        assertThrows(IllegalArgumentException.class, () -> new GemmBlocking(6, 32, 100, 256, 3072, 0));
    }

    @Test
    void theThreadsPropertyAndConstructorAgree() {
        VectorBlas v = new VectorBlas(128, 3);
        assertEquals(3, v.threads());
        assertEquals(128, v.bits());
        assertTrue(v.describe().contains("threads 3"));
    }
}
