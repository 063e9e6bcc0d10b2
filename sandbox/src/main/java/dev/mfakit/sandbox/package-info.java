/**
 * A local, strict, stateful Auth0 MFA tenant over real HTTP on loopback.
 *
 * <p>{@link dev.mfakit.sandbox.SandboxTenant} starts one in-process; {@link dev.mfakit.sandbox.SandboxExtension}
 * gives a fresh one to each JUnit 5 test. Everything in {@code dev.mfakit.sandbox.internal} is an implementation
 * detail and may change without notice.
 */
package dev.mfakit.sandbox;
