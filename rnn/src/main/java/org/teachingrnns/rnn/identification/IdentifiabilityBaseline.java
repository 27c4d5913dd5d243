package org.teachingrnns.rnn.identification;

import org.teachingrnns.numeric.Blas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.teachingrnns.numeric.ComplexArray;
import org.teachingrnns.rnn.analysis.PoleMatching;
import org.teachingrnns.rnn.data.Sequences;

/**
 * The identifiability baseline: the teacher's poles estimated from the training data without BPTT, by two
 * methods, and their matching to the true poles.
 * <ul>
 *   <li>{@code arx}: {@link ArxFit} of the teacher's orders: na = n and nb = 0 for the companion-form IIR
 *       teacher, nb = n - 1 for a general linear RNN teacher;</li>
 *   <li>{@code era}: {@link FirFit} of the impulse response over the whole sequence length (exact for data from
 *       rest), then {@link HoKalman} of order n.</li>
 * </ul>
 * Both use the steps after the washout as equations. If they recover the poles and the trained student does not,
 * the gap is BPTT's, not the data's.
 *
 * @param order  the order fitted (the teacher's)
 * @param arx    the ARX model
 * @param fir    the impulse-response estimate
 * @param era    the realisation
 */
public record IdentifiabilityBaseline(int order, ArxFit.Model arx, FirFit.Estimate fir, HoKalman.Realization era) {

    /**
     * Both estimates from one-input one-output training data (inputs and targets from rest, washout as trained).
     *
     * @param order          n, the teacher's order (hidden size)
     * @param numeratorOrder nb of the ARX fit: 0 for the IIR teacher (all-pole, {@code b = [1]}), n - 1 for a
     *                       general linear RNN teacher
     */
    public static IdentifiabilityBaseline estimate(Sequences train, int washout, int order, int numeratorOrder) {
        return estimate(train, washout, order, numeratorOrder, null);
    }

    /** As {@link #estimate(Sequences, int, int, int)}, every factorisation on {@code blas} (null: the default). */
    public static IdentifiabilityBaseline estimate(Sequences train, int washout, int order, int numeratorOrder, Blas blas) {
        ArxFit.Model arx = ArxFit.fit(train, washout, order, numeratorOrder, blas);
        FirFit.Estimate fir = FirFit.fit(train, washout, train.time(), blas);
        HoKalman.Realization era = HoKalman.realize(fir.impulseResponse(), order, blas);
        return new IdentifiabilityBaseline(order, arx, fir, era);
    }

    /**
     * results.json's {@code baseline} block: {@code {order, numerator_order, arx: {poles, matching: {greedy,
     * optimal}, residual_rms, equations}, era: {poles, matching, hankel: [rows, cols], singular_values (the first
     * 2n), fir_length, fir_residual_rms}}}; the poles as {@code [[re, im], ...]}.
     */
    public Map<String, Object> toMap(ComplexArray teacherPoles, double threshold) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("order", order);
        m.put("numerator_order", arx.b().length - 1);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("poles", arx.poles().toPairs());
        a.put("matching", matching(teacherPoles, arx.poles(), threshold));
        a.put("residual_rms", arx.residualRms());
        a.put("equations", arx.equations());
        m.put("arx", a);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("poles", era.poles().toPairs());
        e.put("matching", matching(teacherPoles, era.poles(), threshold));
        e.put("hankel", List.of(era.rows(), era.cols()));
        List<Double> sv = new ArrayList<>();
        for (int i = 0; i < Math.min(2 * order, era.singularValues().length); i++) {
            sv.add(era.singularValues()[i]);
        }
        e.put("singular_values", sv);
        e.put("fir_length", fir.impulseResponse().length);
        e.put("fir_residual_rms", fir.residualRms());
        m.put("era", e);
        return m;
    }

    private static Map<String, Object> matching(ComplexArray poles, ComplexArray estimate, double threshold) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("greedy", PoleMatching.greedy(poles, estimate, threshold).toMap());
        m.put("optimal", PoleMatching.optimal(poles, estimate, threshold).toMap());
        return m;
    }
}
