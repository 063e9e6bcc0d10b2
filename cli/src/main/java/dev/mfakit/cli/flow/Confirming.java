package dev.mfakit.cli.flow;

import dev.mfakit.client.MfaClient;

/**
 * What a {@link Factor} needs to confirm a pending step.
 *
 * @param client the client of the tenant
 * @param codes where codes come from (unused by a factor that waits for an approval)
 * @param progress where to say what it is waiting for
 */
public record Confirming(MfaClient client, CodeSource codes, Progress progress) {}
