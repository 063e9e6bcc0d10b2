package dev.mfakit.bench;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.util.List;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The baseline of the client benchmarks: associate SMS and verify the binding code the way an application without
 * mfa-client would write them, with OkHttp and Moshi adapters by hand. Same requests as {@code MfaClient} (URL,
 * headers, body fields in the same order), and the answers decoded into small records with the same fields
 * {@code MfaClient} reads. What it leaves out is what mfa-client adds: argument validation, error mapping,
 * redaction, rate-limit headers, expiry arithmetic, the send mark that tells "not sent" from "possibly sent".
 */
public final class BareClient {
  /** The body of {@code POST /mfa/associate} for SMS. */
  public record AssociateRequest(@Json(name = "authenticator_types") List<String> authenticatorTypes,
                          @Json(name = "oob_channels") List<String> oobChannels,
                          @Json(name = "phone_number") String phoneNumber,
                          @Json(name = "client_id") String clientId,
                          @Json(name = "client_secret") String clientSecret) {}

  /** The answer of {@code POST /mfa/associate}: the fields MfaClient reads. */
  public record AssociateAnswer(@Json(name = "authenticator_type") String authenticatorType,
                         @Json(name = "oob_channel") String oobChannel,
                         @Json(name = "oob_code") String oobCode,
                         @Json(name = "binding_method") String bindingMethod,
                         String secret,
                         @Json(name = "barcode_uri") String barcodeUri,
                         @Json(name = "recovery_codes") List<String> recoveryCodes) {}

  /** A token answer: the fields MfaClient reads. */
  public record TokenAnswer(@Json(name = "access_token") String accessToken,
                     @Json(name = "id_token") String idToken,
                     @Json(name = "refresh_token") String refreshToken,
                     @Json(name = "token_type") String tokenType,
                     @Json(name = "expires_in") long expiresIn,
                     String scope,
                     @Json(name = "recovery_code") String recoveryCode) {}

  private static final String GRANT_OOB = "http://auth0.com/oauth/grant-type/mfa-oob";
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final List<String> OOB = List.of("oob");
  private static final List<String> SMS = List.of("sms");

  private final OkHttpClient http;
  private final HttpUrl associateUrl;
  private final HttpUrl tokenUrl;
  private final String clientId;
  private final String clientSecret;
  private final String userAgent;
  private final JsonAdapter<AssociateRequest> associateRequest;
  private final JsonAdapter<AssociateAnswer> associateAnswer;
  private final JsonAdapter<TokenAnswer> tokenAnswer;

  BareClient(OkHttpClient http, HttpUrl base, String clientId, String clientSecret, String userAgent) {
    this.http = http;
    this.associateUrl = base.newBuilder().addPathSegments("mfa/associate").build();
    this.tokenUrl = base.newBuilder().addPathSegments("oauth/token").build();
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.userAgent = userAgent;
    Moshi moshi = new Moshi.Builder().build();
    this.associateRequest = moshi.adapter(AssociateRequest.class);
    this.associateAnswer = moshi.adapter(AssociateAnswer.class);
    this.tokenAnswer = moshi.adapter(TokenAnswer.class);
  }

  AssociateAnswer associateSms(String mfaToken, String phone) throws IOException {
    String body = associateRequest.toJson(new AssociateRequest(OOB, SMS, phone, clientId, clientSecret));
    Request request = new Request.Builder().url(associateUrl)
        .header("User-Agent", userAgent)
        .header("Accept", "application/json")
        .header("Authorization", "Bearer " + mfaToken)
        .post(RequestBody.create(body, JSON))
        .build();
    return call(request, associateAnswer);
  }

  TokenAnswer verifyOob(String mfaToken, String oobCode, String bindingCode) throws IOException {
    Request request = new Request.Builder().url(tokenUrl)
        .header("User-Agent", userAgent)
        .header("Accept", "application/json")
        .post(new FormBody.Builder()
            .add("grant_type", GRANT_OOB)
            .add("mfa_token", mfaToken)
            .add("oob_code", oobCode)
            .add("binding_code", bindingCode)
            .add("client_id", clientId)
            .add("client_secret", clientSecret)
            .build())
        .build();
    return call(request, tokenAnswer);
  }

  private <T> T call(Request request, JsonAdapter<T> adapter) throws IOException {
    try (Response response = http.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new IOException("HTTP " + response.code());
      }
      T answer = adapter.fromJson(response.body().source());
      if (answer == null) {
        throw new IOException("empty answer");
      }
      return answer;
    }
  }
}
