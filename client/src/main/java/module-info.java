/**
 * mfa-client: a typed client for the Auth0 MFA API. Only {@code dev.mfakit.client} is exported; the
 * {@code dev.mfakit.client.internal} package is the implementation and is neither exported nor open, so an
 * application on the module path can neither compile against it nor reach it by reflection.
 */
module dev.mfakit.client {
  // MfaClient.Builder.httpClient(OkHttpClient) is part of the API, so whoever reads this module reads OkHttp.
  requires transitive okhttp3;
  // JSON with Moshi's streaming reader and writer only: no reflective adapters, so nothing is opened to Moshi.
  requires com.squareup.moshi;
  requires okio;

  exports dev.mfakit.client;
}
