package dev.mfakit.bench.cli;

/**
 * One timed child process.
 *
 * @param nanos wall time from just before the process was started to just after it exited
 * @param rssKb the child's peak resident set size in KiB ({@code /usr/bin/time -f %M}), or -1 when unknown
 * @param stdout what the child printed on stdout
 */
record Sample(long nanos, long rssKb, String stdout) {}
