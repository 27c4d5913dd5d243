package org.teachingrnns.rnn.sweep;

import java.util.Map;

/**
 * One part of a grid for one machine or cluster task: shard {@code k} of {@code n} (1-based, {@code --shard 1/4}
 * to {@code 4/4}) runs the points whose index {@code i} has {@code i mod n == k - 1}. Round-robin rather than
 * blocks, so every shard gets a similar mix of cheap and expensive settings.
 */
public record Shard(int k, int n) {

    /** The whole grid. */
    public static final Shard ALL = new Shard(1, 1);

    public Shard {
        if (n < 1 || k < 1 || k > n) {
            throw new IllegalArgumentException("shard must be K/N with 1 <= K <= N, got " + k + "/" + n);
        }
    }

    /** {@code "K/N"}. */
    public static Shard parse(String text) {
        String[] parts = text.strip().split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("--shard must be K/N (for example 2/8), got '" + text + "'");
        }
        try {
            return new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--shard must be K/N with integers (for example 2/8), got '" + text + "'");
        }
    }

    /**
     * The shard of a Slurm job-array task, or null when the environment is not one. Slurm sets
     * SLURM_ARRAY_TASK_ID in each task, and SLURM_ARRAY_TASK_COUNT, _MIN, _MAX and _STEP describing the
     * array (https://slurm.schedmd.com/job_array.html). For {@code --array=MIN-MAX:STEP} the task with id
     * {@code MIN + j STEP} is shard {@code j + 1} of {@code (MAX - MIN) / STEP + 1}. An array that is not such a
     * range (for example {@code --array=1,4,9}) cannot be numbered from the environment: that is an error, and
     * {@code --shard} must be given.
     */
    public static Shard fromSlurm(Map<String, String> env) {
        String id = env.get("SLURM_ARRAY_TASK_ID");
        if (id == null || id.isBlank()) {
            return null;
        }
        long task = number(env, "SLURM_ARRAY_TASK_ID");
        Long min = optional(env, "SLURM_ARRAY_TASK_MIN");
        Long max = optional(env, "SLURM_ARRAY_TASK_MAX");
        Long count = optional(env, "SLURM_ARRAY_TASK_COUNT");
        Long stepOrNull = optional(env, "SLURM_ARRAY_TASK_STEP");
        long step = stepOrNull == null ? 1 : stepOrNull;
        if (step < 1) {
            throw new IllegalArgumentException("SLURM_ARRAY_TASK_STEP must be >= 1, got " + step);
        }
        long first = min != null ? min : 0;
        long n;
        if (min != null && max != null) {
            n = (max - first) / step + 1;
            if ((max - first) % step != 0 || (count != null && count != n)) {
                throw new IllegalArgumentException("this Slurm array (SLURM_ARRAY_TASK_MIN=" + min + ", _MAX=" + max + ", _STEP=" + step
                        + ", _COUNT=" + count + ") is not a range MIN-MAX:STEP; pass --shard K/N");
            }
        } else if (count != null) {
            n = count;
        } else {
            throw new IllegalArgumentException("SLURM_ARRAY_TASK_ID is set but neither SLURM_ARRAY_TASK_COUNT nor "
                    + "SLURM_ARRAY_TASK_MIN/MAX; pass --shard K/N");
        }
        long offset = task - first;
        if (offset < 0 || offset % step != 0 || offset / step >= n || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("SLURM_ARRAY_TASK_ID=" + task + " is not in the array " + first + ".." + (first + (n - 1) * step)
                    + " step " + step + "; pass --shard K/N");
        }
        return new Shard((int) (offset / step) + 1, (int) n);
    }

    private static long number(Map<String, String> env, String name) {
        try {
            return Long.parseLong(env.get(name).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + env.get(name) + "'");
        }
    }

    private static Long optional(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : number(env, name);
    }

    /** Whether grid point {@code index} belongs to this shard. */
    public boolean contains(int index) {
        return index % n == k - 1;
    }

    /** How many of {@code gridSize} points this shard runs. */
    public int size(int gridSize) {
        return gridSize / n + (gridSize % n > k - 1 ? 1 : 0);
    }

    @Override
    public String toString() {
        return k + "/" + n;
    }
}
