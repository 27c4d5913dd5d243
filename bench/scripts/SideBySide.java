import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * BPTT epochs of two or more builds side by side in one JVM: each rnn cli jar in its own class loader, the cases
 * {@code default} (linear) and {@code tanh} of {@code rnn.perf.BpttCase}, alternating rounds of 200 epochs, thread CPU
 * time, best and median per epoch and the ratio tanh/linear per jar. For before/after comparisons on a loaded machine,
 * where separate {@code teach bench} runs drift with the load. Run with the launcher's flags:
 * <pre>
 *   java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:Tier3BackEdgeThreshold=600000 \
 *        -XX:Tier4BackEdgeThreshold=400000 -XX:+UseSerialGC -Drounds=9 bench/scripts/SideBySide.java BEFORE.jar AFTER.jar
 * </pre>
 */
public class SideBySide {
    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("rounds", 9);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        List<String> names = new ArrayList<>();
        List<Runnable> tasks = new ArrayList<>();
        for (String jar : args) {
            URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Class<?> bpttCase = Class.forName("org.teachingrnns.rnn.perf.BpttCase", true, loader);
            Method parse = bpttCase.getMethod("parse", String.class);
            Method build = bpttCase.getMethod("build", long.class);
            for (String c : new String[] {"default", "tanh"}) {
                Object epoch = build.invoke(parse.invoke(null, c), 1L);
                Method run = epoch.getClass().getMethod("run");
                names.add(Path.of(jar).getFileName() + " " + c);
                tasks.add(() -> {
                    try {
                        run.invoke(epoch);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
        }
        int n = tasks.size();
        // Warm-up: 1.5 s of CPU per task, so that every kernel is compiled by C2 before timing.
        for (Runnable task : tasks) {
            long t0 = mx.getCurrentThreadCpuTime();
            while (mx.getCurrentThreadCpuTime() - t0 < 1_500_000_000L) {
                task.run();
            }
        }
        int reps = 200;
        double[][] ms = new double[n][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < n; k++) {
                long t0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < reps; i++) {
                    tasks.get(k).run();
                }
                ms[k][r] = (mx.getCurrentThreadCpuTime() - t0) / 1e6 / reps;
            }
        }
        double[] best = new double[n];
        double[] median = new double[n];
        for (int k = 0; k < n; k++) {
            double[] sorted = ms[k].clone();
            Arrays.sort(sorted);
            best[k] = sorted[0];
            median[k] = sorted[rounds / 2];
        }
        for (int k = 0; k < n; k++) {
            String ratio = k % 2 == 1 ? String.format("  tanh/linear best %.2f, median %.2f", best[k] / best[k - 1],
                    median[k] / median[k - 1]) : "";
            System.out.printf("%-40s best %.4f ms  median %.4f ms%s%n", names.get(k), best[k], median[k], ratio);
        }
    }
}
