package org.teachingrnns.rnn.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardTest {

    @Test
    void shardsPartitionTheGridRoundRobin() {
        for (int size : new int[] {0, 1, 7, 24, 101}) {
            for (int n = 1; n <= 9; n++) {
                int[] owners = new int[size];
                for (int k = 1; k <= n; k++) {
                    Shard s = new Shard(k, n);
                    int count = 0;
                    for (int i = 0; i < size; i++) {
                        if (s.contains(i)) {
                            owners[i]++;
                            count++;
                            assertEquals(k - 1, i % n);
                        }
                    }
                    assertEquals(count, s.size(size), "size of " + s + " of " + size);
                }
                for (int i = 0; i < size; i++) {
                    assertEquals(1, owners[i], "point " + i + " in exactly one shard of " + n);
                }
            }
        }
    }

    @Test
    void parsesKOverN() {
        assertEquals(new Shard(2, 8), Shard.parse("2/8"));
        assertEquals(new Shard(1, 1), Shard.parse(" 1 / 1 "));
        for (String bad : List.of("0/4", "5/4", "2", "a/b", "1/0", "1/2/3", "")) {
            assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad), bad);
        }
    }

    private static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void slurmArrayTasksAreShards() {
        assertNull(Shard.fromSlurm(env()));
        // --array=0-3: ids 0..3
        assertEquals(new Shard(1, 4), Shard.fromSlurm(env("SLURM_ARRAY_TASK_ID", "0", "SLURM_ARRAY_TASK_COUNT", "4",
                "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_MAX", "3")));
        // --array=1-10: id 10 is the last of 10
        assertEquals(new Shard(10, 10), Shard.fromSlurm(env("SLURM_ARRAY_TASK_ID", "10", "SLURM_ARRAY_TASK_COUNT", "10",
                "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_MAX", "10")));
        // --array=1-7:2: ids 1,3,5,7
        assertEquals(new Shard(3, 4), Shard.fromSlurm(env("SLURM_ARRAY_TASK_ID", "5", "SLURM_ARRAY_TASK_COUNT", "4",
                "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_MAX", "7", "SLURM_ARRAY_TASK_STEP", "2")));
        // only ID and COUNT: ids from 0
        assertEquals(new Shard(3, 5), Shard.fromSlurm(env("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_COUNT", "5")));
        // --array=1,4,9: not a range
        assertThrows(IllegalArgumentException.class, () -> Shard.fromSlurm(env("SLURM_ARRAY_TASK_ID", "4", "SLURM_ARRAY_TASK_COUNT", "3",
                "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_MAX", "9")));
        assertThrows(IllegalArgumentException.class, () -> Shard.fromSlurm(env("SLURM_ARRAY_TASK_ID", "7")));
        assertThrows(IllegalArgumentException.class, () -> Shard.fromSlurm(env("SLURM_ARRAY_TASK_ID", "x", "SLURM_ARRAY_TASK_COUNT", "2")));
        assertThrows(IllegalArgumentException.class, () -> Shard.fromSlurm(env("SLURM_ARRAY_TASK_ID", "5", "SLURM_ARRAY_TASK_COUNT", "2")));
    }
}
