/**
 * A name ending a word (at a non-alphanumeric or at the end) in one of these names a secret, spelled
 * any way code spells it: `db.password`, `access_token`, `x-api-key`, `apiKey`, `Set-Cookie`,
 * `http.request.header.x-auth-token`. A longer word keeps its meaning: `tokens` counts tokens
 * (`gen_ai.usage.input_tokens`), `tokenCount` and `secretary` hold none. Linear by construction:
 * alternatives of literals with one optional separator and a one-character look-ahead, so each start
 * position costs at most the longest alternative.
 */
const SECRET_NAME =
  /(?:pass(?:word|wd|phrase)|pwd|secrets?|token|(?:api|access|private)[^a-z0-9]?key|credentials?|cookies?|authorization)(?![a-z0-9])/i;

/** Whether an attribute key, or the name in a `name=value` text, names a password, secret, token, API key, credential, cookie or authorization header. */
export function namesSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}
