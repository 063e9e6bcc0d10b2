package dev.mfakit.client.internal;

import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.MfaApiException;
import dev.mfakit.client.RateLimit;
import java.util.Collection;

/**
 * Makes the client's {@link MfaApiException}s with the constructor that masks the request's own secrets, which is
 * package-private so that no application sees the redaction machinery: {@code MfaClient} hands its constructor
 * reference ({@code MfaApiException::new}) to {@link Endpoints}.
 */
@FunctionalInterface
public interface ApiErrors {

  /** The exception for an error answer, masking {@code knownSecrets} wherever its message would quote them. */
  MfaApiException create(int status, ErrorReason reason, String error, String errorDescription, String errorUri,
                         RateLimit rateLimit, Collection<String> knownSecrets);
}
