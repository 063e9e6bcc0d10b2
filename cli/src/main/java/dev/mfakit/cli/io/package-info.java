/**
 * What a run reads and writes besides stdout and stderr: the state file ({@link dev.mfakit.cli.io.StateFile}),
 * secret files and stdin secrets, the profiles file, where each setting comes from ({@link
 * dev.mfakit.cli.io.Settings}), and prompting (the terminal, and codes typed at it).
 */
package dev.mfakit.cli.io;
