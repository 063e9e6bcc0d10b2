/**
 * The {@code mfa} command. {@link dev.mfakit.cli.Main} is the composition root ({@code Main.run(Context, args)});
 * {@link dev.mfakit.cli.Context} is everything a run may touch outside itself; {@link dev.mfakit.cli.Failure} and
 * {@link dev.mfakit.cli.ExitCode} are how a run ends. The rest is by role:
 * <ul>
 *   <li>{@code command}: one class per verb ({@code XxxCommand}) and the option mixins ({@code XxxOptions}): parse,
 *       check before sending, call a flow, present its result.</li>
 *   <li>{@code flow}: the journeys (enroll, sign in, second factor, resume, delete) and one strategy per factor;
 *       they take a client, a code source and a progress, and return records.</li>
 *   <li>{@code io}: the state file, secret files, profiles, the settings resolver, prompting.</li>
 *   <li>{@code output}: stdout/stderr, the {@code --json} records and their presenter, failures as one line.</li>
 * </ul>
 */
package dev.mfakit.cli;
