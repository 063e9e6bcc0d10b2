package dev.mfakit.bench.cli;

import java.util.Arrays;
import java.util.List;

/**
 * Median and 90th percentile (nearest rank) of a set of samples.
 *
 * @param median the median (mean of the two middle values when the count is even)
 * @param p90 the smallest sample that at least 90% of the samples do not exceed
 * @param count how many samples
 */
record Stats(double median, double p90, int count) {

  static Stats of(List<Long> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no samples");
    }
    long[] sorted = samples.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    int rank = (int) Math.ceil(0.9 * n);
    return new Stats(median, sorted[rank - 1], n);
  }
}
