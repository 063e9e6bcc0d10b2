package dev.mfakit.cli.batch;

/**
 * The input changed between the check of every row and the run that reads them again: the run takes no more rows
 * (it would send what nobody checked), and the command ends with exit 7 after its summary, since rows were left.
 */
public final class InputChanged extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InputChanged(String message) {
    super(message, null, false, false);
  }
}
