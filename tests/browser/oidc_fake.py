"""A minimal OpenID Connect provider on a free localhost port, for the login tests: discovery
document, an authorization endpoint that logs in whoever `user` says at once (no form), a token
endpoint that returns an RS256-signed ID token carrying the request's nonce, and its JWKS. Enough
for Streamlit's st.login (Authlib) to run its whole flow against it; it checks nothing it is sent."""
from __future__ import annotations

import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

from authlib.jose import JsonWebKey, jwt


class FakeProvider:
    """`with FakeProvider() as idp:` … `idp.user = {"email": …, "name": …}` before each login."""

    def __init__(self) -> None:
        self.key = JsonWebKey.generate_key("RSA", 2048, is_private=True, options={"kid": "fupan-test"})
        self.user: dict = {"email": "someone@example.com", "name": "Someone"}
        self.codes: dict[str, dict] = {}
        self.logins = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def __enter__(self) -> FakeProvider:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _id_token(self, client_id: str, nonce: str | None, user: dict) -> str:
        now = int(time.time())
        claims = {"iss": self.issuer, "sub": user["email"], "aud": client_id, "iat": now, "exp": now + 600,
                  "email": user["email"], "email_verified": True, "name": user.get("name", "")}
        if nonce:
            claims["nonce"] = nonce
        return jwt.encode({"alg": "RS256", "kid": "fupan-test"}, claims, self.key).decode()

    def _handler(self):
        idp = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:      # quiet
                pass

            def _json(self, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlparse(self.path)
                if url.path == "/.well-known/openid-configuration":
                    self._json({"issuer": idp.issuer, "authorization_endpoint": f"{idp.issuer}/authorize",
                                "token_endpoint": f"{idp.issuer}/token", "jwks_uri": f"{idp.issuer}/jwks",
                                "response_types_supported": ["code"], "subject_types_supported": ["public"],
                                "id_token_signing_alg_values_supported": ["RS256"],
                                "scopes_supported": ["openid", "email", "profile"]})
                elif url.path == "/jwks":
                    self._json({"keys": [idp.key.as_dict(is_private=False)]})
                elif url.path == "/authorize":
                    query = {k: v[0] for k, v in parse_qs(url.query).items()}
                    code = secrets.token_urlsafe(16)
                    idp.codes[code] = {"nonce": query.get("nonce"), "client_id": query.get("client_id", ""),
                                       "user": dict(idp.user)}
                    self.send_response(302)
                    self.send_header("Location", f"{query['redirect_uri']}?"
                                     + urlencode({"code": code, "state": query.get("state", "")}))
                    self.end_headers()
                else:
                    self.send_error(404)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                grant = idp.codes.pop(form.get("code", ""), None)
                if urlparse(self.path).path != "/token" or grant is None:
                    self.send_error(400)
                    return
                idp.logins += 1
                self._json({"access_token": secrets.token_urlsafe(16), "token_type": "Bearer", "expires_in": 600,
                            "id_token": idp._id_token(grant["client_id"] or form.get("client_id", ""),
                                                      grant["nonce"], grant["user"])})

        return Handler
