package org.teachingrnns.numeric;

/** Prints what {@link Blas#get()} chose in this JVM, or the exception it threw; used by {@link BackendsTest}. */
public final class BackendProbe {
    private BackendProbe() {
    }

    public static void main(String[] args) {
        try {
            Blas b = Blas.get();
            System.out.println("chosen=" + b.name());
            System.out.println("report=" + Backends.report());
            System.out.println("describe=" + b.describe());
        } catch (RuntimeException e) {
            System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
