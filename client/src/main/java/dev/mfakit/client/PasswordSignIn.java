package dev.mfakit.client;

import dev.mfakit.client.internal.Redaction;
import dev.mfakit.client.internal.Validation;

/**
 * A resource-owner password sign-in: grant {@code password}, or {@code
 * http://auth0.com/oauth/grant-type/password-realm} when a realm (database connection) is given. The password
 * prints redacted.
 *
 * @param username the user's name or e-mail
 * @param password the user's password
 * @param realm the connection name, or null for the tenant's default directory
 * @param audience the API audience, or null to ask for none; use {@code https://{tenant}/mfa/} to manage
 *     authenticators
 * @param scope space-separated scopes, or null to ask for none
 */
public record PasswordSignIn(String username, String password, String realm, String audience, String scope) {

  /**
   * Validates the components: username and password present, optional parts null or non-blank.
   *
   * @param username see {@link #username()}
   * @param password see {@link #password()}
   * @param realm see {@link #realm()}
   * @param audience see {@link #audience()}
   * @param scope see {@link #scope()}
   */
  public PasswordSignIn {
    Validation.nonBlank(username, "username");
    Validation.required(password, "password");
    if (password.isEmpty()) {
      throw new InvalidInputException("password", InvalidInputException.Kind.MISSING, "must not be empty");
    }
    Validation.optionalNonBlank(realm, "realm");
    Validation.optionalNonBlank(audience, "audience");
    Validation.optionalNonBlank(scope, "scope");
  }

  /**
   * A sign-in with no realm, audience or scope.
   *
   * @param username the user's name or e-mail
   * @param password the user's password
   * @return the request
   */
  public static PasswordSignIn of(String username, String password) {
    return new PasswordSignIn(username, password, null, null, null);
  }

  /**
   * A copy signing in against {@code realm} (grant {@code password-realm}).
   *
   * @param realm the connection name
   * @return the copy
   */
  public PasswordSignIn withRealm(String realm) {
    return new PasswordSignIn(username, password, realm, audience, scope);
  }

  /**
   * A copy requesting {@code audience}.
   *
   * @param audience the API audience
   * @return the copy
   */
  public PasswordSignIn withAudience(String audience) {
    return new PasswordSignIn(username, password, realm, audience, scope);
  }

  /**
   * A copy requesting {@code scope}.
   *
   * @param scope space-separated scopes, e.g. {@code "openid profile enroll"}
   * @return the copy
   */
  public PasswordSignIn withScope(String scope) {
    return new PasswordSignIn(username, password, realm, audience, scope);
  }

  @Override
  public String toString() {
    return "PasswordSignIn[username=" + username + ", password=" + Redaction.MASK + ", realm=" + realm
        + ", audience=" + audience + ", scope=" + scope + "]";
  }
}
