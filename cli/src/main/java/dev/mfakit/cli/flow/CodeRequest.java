package dev.mfakit.cli.flow;

import dev.mfakit.client.ErrorReason;

/**
 * What a flow asks a {@link CodeSource} for: the code that answers {@code pending}.
 *
 * @param pending the step the code answers: its factor, where the code went and, when this run made the
 *     association, the association itself (a TOTP secret to compute the code from)
 * @param label how a prompt names the code: {@code the 6-digit code}
 * @param sent whether a message carries the code (then giving none wastes that message)
 * @param wrong the error reason that means "wrong code, ask again"
 */
public record CodeRequest(Pending pending, String label, boolean sent, ErrorReason wrong) {}
