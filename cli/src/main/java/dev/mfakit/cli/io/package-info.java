/**
 * What a run reads and writes besides stdout and stderr: the state file ({@link dev.mfakit.cli.io.StateFile}),
 * secret files and stdin secrets, the profiles file, where each setting comes from ({@link
 * dev.mfakit.cli.io.Settings}), prompting (the terminal, and codes typed at it), and the terminal's Ctrl-C and width.
 */
package dev.mfakit.cli.io;
