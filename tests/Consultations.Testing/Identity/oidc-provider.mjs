// An OpenID Connect provider for the sign-in tests, shaped like one Entra ID tenant, on loopback.
// Usage: OIDC_CLIENT_CREDENTIAL=<made per run> node oidc-provider.mjs <npm-dir> <port|0> <tenant-id> <client-id> <cert.pem> <key.pem>
// Prints one JSON line {"issuer": ..., "port": ...} once it listens.
//
// oauth2-mock-server (pinned in tests/npm) issues the tokens; this wrapper serves it over HTTPS (the test's own
// certificate) with an Entra-shaped issuer (https://127.0.0.1:PORT/<tenant>/v2.0) and, like Entra ID, insists on
// PKCE (S256), the registered client's secret,
// the same redirect_uri at the token endpoint, and one use per code.
//
// A test chooses what the next ID token says by adding `test_scenario` (base64url JSON) to the authorize URL:
//   { "claims": { ... merged into the ID token ... }, "remove": ["claim", ...], "tamperSignature": true }
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [npmDir, portArg, tenantId, clientId, certPath, keyPath] = process.argv.slice(2);
const expectedCredential = process.env.OIDC_CLIENT_CREDENTIAL;
if (!npmDir || !portArg || !tenantId || !clientId || !expectedCredential || !certPath || !keyPath) {
  console.error('usage: OIDC_CLIENT_CREDENTIAL=<value> node oidc-provider.mjs <npm-dir> <port|0> <tenant-id> <client-id> <cert.pem> <key.pem>');
  process.exit(2);
}

// The script lives beside the tests, not under tests/npm, so the package is resolved from there explicitly.
const resolved = createRequire(resolve(npmDir, 'package.json')).resolve('oauth2-mock-server');
const { OAuth2Issuer, OAuth2Service } = await import(pathToFileURL(resolved).href);

const prefix = `/${tenantId}/v2.0`;
const issuer = new OAuth2Issuer();
await issuer.keys.generate('RS256');
const service = new OAuth2Service(issuer);

// code -> { scenario, redirectUri, pkce } for codes not yet redeemed
const codes = new Map();

const decodeScenario = (value) => {
  if (typeof value !== 'string' || value === '') return {};
  return JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
};

service.on('beforeAuthorizeRedirect', (redirect, req) => {
  const code = redirect.url.searchParams.get('code');
  if (!code) return;
  codes.set(code, {
    scenario: decodeScenario(req.query.test_scenario),
    redirectUri: req.query.redirect_uri,
    pkce: req.query.code_challenge_method === 'S256' && typeof req.query.code_challenge === 'string',
  });

  // Entra ID answers response_mode=form_post with a self-posting form; so does this provider.
  if (req.query.response_mode === 'form_post') {
    const target = new URL(redirect.url.href);
    const fields = [...target.searchParams.entries()];
    target.search = '';
    const escape = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    req.res.redirect = () => {
      req.res.status(200).type('html').send(
        `<!DOCTYPE html><html><body><form method="post" action="${escape(target.href)}">` +
          fields.map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`).join('') +
          '<noscript><button type="submit">Continue</button></noscript></form></body></html>');
    };
  }
});

service.on('beforeTokenSigning', (token, req) => {
  const entry = codes.get(req.body?.code);
  // Access tokens carry a scope; the ID token is the one without.
  if (!entry || 'scope' in token.payload) return;
  Object.assign(token.payload, { tid: tenantId, ver: '2.0' }, entry.scenario.claims ?? {});
  for (const claim of entry.scenario.remove ?? []) delete token.payload[claim];
});

service.on('beforeResponse', (response, req) => {
  const body = req.body ?? {};
  const fail = (status, error, description) => {
    response.statusCode = status;
    response.body = { error, error_description: description };
  };
  if (body.grant_type !== 'authorization_code') return;
  const entry = codes.get(body.code);
  codes.delete(body.code);
  const basic = (req.headers.authorization ?? '').startsWith('Basic ')
    ? Buffer.from(req.headers.authorization.slice(6), 'base64').toString('utf8').split(':').map(decodeURIComponent)
    : [];
  const [presentedId, presentedCredential] = basic.length === 2 ? basic : [body.client_id, body.client_secret];
  if (presentedId !== clientId || presentedCredential !== expectedCredential) return fail(401, 'invalid_client', 'Client authentication failed.');
  if (!entry) return fail(400, 'invalid_grant', 'The code is unknown or was already redeemed.');
  if (!entry.pkce || !body.code_verifier) return fail(400, 'invalid_grant', 'PKCE (S256) is required.');
  if (body.redirect_uri !== entry.redirectUri) return fail(400, 'invalid_grant', 'redirect_uri does not match the authorize request.');
  if (entry.scenario.tamperSignature && typeof response.body.id_token === 'string') {
    const [header, payload, signature] = response.body.id_token.split('.');
    const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    response.body.id_token = [header, payload, flipped].join('.');
  }
});

const server = https.createServer({ cert: readFileSync(certPath), key: readFileSync(keyPath) }, (req, res) => {
  // Entra ID's endpoints sit under /<tenant>/v2.0; the mock's routes are at the root.
  if (req.url === prefix || req.url.startsWith(`${prefix}/`) || req.url.startsWith(`${prefix}?`)) {
    req.url = req.url.slice(prefix.length) || '/';
    service.requestHandler(req, res);
    return;
  }
  res.writeHead(404).end();
});

server.listen(Number(portArg), '127.0.0.1', () => {
  const { port } = server.address();
  issuer.url = `https://127.0.0.1:${port}${prefix}`;
  console.log(JSON.stringify({ issuer: issuer.url, port }));
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
