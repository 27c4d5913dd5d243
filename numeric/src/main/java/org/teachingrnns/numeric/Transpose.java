package org.teachingrnns.numeric;

/** Whether a matrix operand is used as stored or transposed (CBLAS_TRANSPOSE: NoTrans = 111, Trans = 112). */
public enum Transpose {
    NO(111),
    YES(112);

    /** The CBLAS enumerator value, for native backends. */
    public final int cblas;

    Transpose(int cblas) {
        this.cblas = cblas;
    }

    public boolean transposed() {
        return this == YES;
    }
}
