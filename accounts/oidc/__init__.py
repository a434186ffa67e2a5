"""Sign-in through OpenID Connect providers (mozilla-django-oidc underneath).

`providers` reads the configured providers and their discovery documents; `client` runs
the authorization code flow (PKCE, state, nonce) and checks the ID token against the
provider's keys, its issuer, audience, expiry and nonce; `linking` decides which account a
verified identity signs in to, and links it after the person confirmed; `views` are the
pages (start, callback, confirmation, logout at the provider).
"""
