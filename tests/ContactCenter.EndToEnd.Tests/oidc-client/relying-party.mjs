// An independent OpenID Connect relying party (openid-client) run by the end-to-end tests against our
// provider on a loopback port. It prints one JSON object on stdout; the C# test asserts on it.
//
//   node relying-party.mjs code <issuer> <client_id> <redirect_uri> <post_logout_redirect_uri> <email> <password> <tenant> [<extra authorization parameters as JSON>]
//     discovery, authorization code flow with PKCE (S256), state and nonce: plays the browser itself
//     (cookie jar, follows redirects, fills the login form and the tenant choice), then
//     authorizationCodeGrant (openid-client validates the ID token), fetchUserInfo, refreshTokenGrant,
//     tokenRevocation of the new refresh token and a refresh with it (which must fail), and RP-initiated
//     logout with buildEndSessionUrl, after which a new authorization asks for the password again.
//   node relying-party.mjs client-credentials <issuer> <client_id> <client_secret> <scope>
//     discovery with client_secret_basic, then clientCredentialsGrant.
//
// Errors the provider answers with (OAuth error responses) are printed as {"error": ...} with exit code 0,
// so tests can assert on refusals; anything else (a rejected token, a broken page) fails with exit code 1.
import * as client from 'openid-client';

// openid-client v6 refuses plain http unless told; the server listens on loopback only.
const insecure = { execute: [client.allowInsecureRequests] };

const [mode, issuer, ...rest] = process.argv.slice(2);

async function main() {
  switch (mode) {
    case 'code':
      return codeFlow(...rest);
    case 'client-credentials':
      return clientCredentials(...rest);
    default:
      throw new Error(`unknown mode "${mode}"; expected "code" or "client-credentials"`);
  }
}

async function codeFlow(clientId, redirectUri, postLogoutRedirectUri, email, password, tenant, extra = '{}') {
  const config = await client.discovery(new URL(issuer), clientId, undefined, client.None(), insecure);
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const authorizationUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid profile email offline_access api',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...JSON.parse(extra),
  });

  const browser = new Browser();
  const callback = await browser.authorize(authorizationUrl, redirectUri, { email, password, tenant });
  const tokens = await client.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: codeVerifier,
    expectedState: state,
    expectedNonce: nonce,
    idTokenExpected: true,
  });
  const idToken = tokens.claims();
  const userInfo = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
  const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);

  // Our API accepts the refreshed access token for the chosen tenant (RFC 6750 bearer).
  const api = new URL(`/t/${encodeURIComponent(tenant)}/api/categories`, config.serverMetadata().issuer);
  const apiBeforeRevocation = await status(client.fetchProtectedResource(config, refreshed.access_token, api, 'GET'));

  // RFC 7009: the revoked refresh token no longer refreshes, and (section 2.1) the grant's access tokens go with it.
  await client.tokenRevocation(config, refreshed.refresh_token, { token_type_hint: 'refresh_token' });
  const afterRevocation = await oauthError(client.refreshTokenGrant(config, refreshed.refresh_token));
  const apiAfterRevocation = await status(client.fetchProtectedResource(config, refreshed.access_token, api, 'GET'));

  // RP-initiated logout, then a new authorization request lands on the login form again.
  const logoutState = client.randomState();
  const endSession = await browser.send({
    url: client.buildEndSessionUrl(config, { id_token_hint: tokens.id_token, post_logout_redirect_uri: postLogoutRedirectUri, state: logoutState }),
    method: 'GET',
  });
  const afterLogout = new URL(endSession.headers.get('location') ?? '', config.serverMetadata().issuer);
  const again = await browser.send({ url: client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid',
    code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
    code_challenge_method: 'S256',
  }), method: 'GET' });

  // RFC 6749 section 4.1.2: a code is used once; the second exchange of the same callback is refused.
  const codeReuse = await oauthError(client.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: codeVerifier,
    expectedState: state,
    expectedNonce: nonce,
    idTokenExpected: true,
  }));

  return {
    pages: browser.pages,
    codeReuse,
    callbackState: callback.searchParams.get('state'),
    idToken,
    userInfo,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    tokenType: tokens.token_type,
    expiresIn: tokens.expiresIn(),
    refreshed: {
      idToken: refreshed.claims() ?? null,
      accessToken: refreshed.access_token,
      refreshToken: refreshed.refresh_token,
    },
    afterRevocation,
    apiBeforeRevocation,
    apiAfterRevocation,
    endSession: {
      status: endSession.status,
      body: endSession.status >= 400 ? await endSession.text() : null,
      location: `${afterLogout.origin}${afterLogout.pathname}`,
      state: afterLogout.searchParams.get('state'),
      expectedState: logoutState,
    },
    afterLogout: new URL(again.headers.get('location') ?? '', config.serverMetadata().issuer).pathname,
  };
}

/** The HTTP status of a protected resource request; a 401 challenge is an answer too. */
async function status(request) {
  try {
    return (await request).status;
  } catch (error) {
    if (error instanceof client.WWWAuthenticateChallengeError) {
      return error.status;
    }
    throw error;
  }
}

/** The OAuth error code a refused request ends with; a request that succeeds is a failure of the test. */
async function oauthError(request) {
  try {
    await request;
  } catch (error) {
    if (error instanceof client.ResponseBodyError) {
      return error.error;
    }
    throw error;
  }
  throw new Error('the request succeeded but should have been refused');
}

async function clientCredentials(clientId, clientSecret, scope) {
  const config = await client.discovery(new URL(issuer), clientId, undefined, client.ClientSecretBasic(clientSecret), insecure);
  const tokens = await client.clientCredentialsGrant(config, { scope });
  return {
    accessToken: tokens.access_token,
    tokenType: tokens.token_type,
    expiresIn: tokens.expiresIn(),
    scope: tokens.scope ?? null,
  };
}

/** Just enough of a browser for the provider's pages: a cookie jar, manual redirects and form posts. */
class Browser {
  cookies = new Map();
  pages = [];

  async authorize(startUrl, redirectUri, person) {
    let request = { url: new URL(startUrl), method: 'GET' };
    for (let hop = 0; hop < 12; hop++) {
      const response = await this.send(request);
      if (response.status >= 300 && response.status < 400) {
        const location = new URL(response.headers.get('location'), request.url);
        if (location.href.startsWith(redirectUri)) {
          return location;
        }
        request = { url: location, method: 'GET' };
        continue;
      }
      if (response.status !== 200) {
        throw new Error(`${request.method} ${request.url} answered ${response.status}: ${await response.text()}`);
      }
      const html = await response.text();
      const page = request.url.pathname;
      this.pages.push(page);
      const fields = hiddenFields(html);
      if (!fields.has('__RequestVerificationToken')) {
        throw new Error(`the form on ${page} carries no anti-forgery token`);
      }
      if (page === '/account/login') {
        fields.set('email', person.email);
        fields.set('password', person.password);
      } else if (page === '/account/tenant') {
        if (!new RegExp(`<button[^>]*name="tenant"[^>]*value="${escapeRegExp(person.tenant)}"`).test(html)) {
          throw new Error(`the tenant choice does not offer "${person.tenant}"`);
        }
        fields.set('tenant', person.tenant);
      } else {
        throw new Error(`unexpected page ${page}`);
      }
      // The forms have no action: they post back to the page's own URL.
      request = { url: request.url, method: 'POST', body: new URLSearchParams([...fields]) };
    }
    throw new Error('too many redirects');
  }

  async send({ url, method, body }) {
    const headers = { accept: 'text/html' };
    if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    const response = await fetch(url, { method, body, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const expired = attributes.some(a => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0\s*$/i.test(a));
      if (expired) {
        this.cookies.delete(name);
      } else {
        this.cookies.set(name, pair.slice(separator + 1).trim());
      }
    }
    return response;
  }
}

function hiddenFields(html) {
  const fields = new Map();
  for (const [input] of html.matchAll(/<input[^>]*>/g)) {
    if (!/type="hidden"/.test(input)) continue;
    const name = /name="([^"]*)"/.exec(input)?.[1];
    const value = /value="([^"]*)"/.exec(input)?.[1] ?? '';
    if (name) fields.set(decodeHtml(name), decodeHtml(value));
  }
  return fields;
}

function decodeHtml(text) {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

try {
  process.stdout.write(JSON.stringify(await main()) + '\n');
} catch (error) {
  if (error instanceof client.ResponseBodyError) {
    // The provider refused with an OAuth error response (RFC 6749 section 5.2).
    process.stdout.write(JSON.stringify({ error: error.error, errorDescription: error.error_description ?? null, status: error.status }) + '\n');
  } else if (error instanceof client.WWWAuthenticateChallengeError) {
    // A 401 with a challenge, as for failed client authentication (RFC 6749 section 5.2): the scheme is in
    // the header, the OAuth error in the body, which openid-client leaves unread.
    const body = await error.response.json();
    process.stdout.write(JSON.stringify({ error: body.error, errorDescription: body.error_description ?? null, status: error.status, challenge: error.cause[0]?.scheme ?? null }) + '\n');
  } else {
    process.stderr.write(`${error?.stack ?? error}\n${error?.cause ? JSON.stringify(error.cause) : ''}\n`);
    process.exitCode = 1;
  }
}
