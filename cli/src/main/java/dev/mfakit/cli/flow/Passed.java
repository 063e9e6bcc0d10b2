package dev.mfakit.cli.flow;

import dev.mfakit.client.Tokens;

/**
 * A second factor passed at sign-in.
 *
 * @param factor the authenticator that passed it
 * @param tokens the tokens the tenant issued
 */
public record Passed(FactorUsed factor, Tokens tokens) {}
