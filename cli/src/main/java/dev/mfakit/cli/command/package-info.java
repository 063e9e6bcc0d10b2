/**
 * The verbs of {@code mfa}, one class each ({@code AssociateCommand} is {@code mfa associate}), and the option
 * mixins and groups they share ({@code TenantOptions}, {@code SignInOptions}, {@code FactorOptions}...). A verb
 * parses its options, checks everything before the first request, runs a flow and presents its result.
 */
package dev.mfakit.cli.command;
