package dev.rendezvous.tracker;

import java.util.Arrays;

/**
 * Pearson's chi-square test of counts against equal expectations, for the tests of how offer targets are spread.
 * The p-value uses the Wilson-Hilferty approximation (the cube root of chi-square over its degrees of freedom is
 * close to normal), accurate far beyond the cut-offs used here for 8 or more degrees of freedom.
 */
public record ChiSquare(double statistic, int degreesOfFreedom, double p) {
    /** The cut-off below which the tests call a spread biased: a uniform choice fails it once in a million runs. */
    public static final double CUT_OFF = 1e-6;

    public static ChiSquare uniform(long[] counts) {
        double total = Arrays.stream(counts).sum();
        double expected = total / counts.length;
        double statistic = 0;
        for (long count : counts) {
            statistic += (count - expected) * (count - expected) / expected;
        }
        int df = counts.length - 1;
        double v = 2.0 / (9 * df);
        double z = (Math.cbrt(statistic / df) - (1 - v)) / Math.sqrt(v);
        return new ChiSquare(statistic, df, upperNormalTail(z));
    }

    public boolean uniformEnough() {
        return p >= CUT_OFF;
    }

    /** P(Z > z) for a standard normal Z, from erfc (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7). */
    static double upperNormalTail(double z) {
        double x = z / Math.sqrt(2);
        double t = 1 / (1 + 0.5 * Math.abs(x));
        double erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return (x >= 0 ? erfc : 2 - erfc) / 2;
    }

    @Override
    public String toString() {
        return String.format("chi-square %.1f, %d degrees of freedom, p %.3g", statistic, degreesOfFreedom, p);
    }
}
