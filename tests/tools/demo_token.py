"""Prints a session token of a demo login, taken the way the legacy SDKs do: a cv-auth
header (docs/cv-auth.md) sent to GET /v1/demo/authenticate.

Usage: demo_token.py BASE_URL EMAIL PASSWORD
"""

import base64
import datetime
import hashlib
import json
import secrets
import sys
import urllib.request

API_KEY = "demo-key"
API_SECRET = "demo-secret-001"


def cv_auth(email: str, password: str) -> str:
    nonce = secrets.token_hex(16)
    created = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    digest = base64.b64encode(hashlib.sha1((nonce + created + API_SECRET).encode()).digest())
    secret = API_SECRET.encode()
    masked = bytes(b ^ secret[i % len(secret)] for i, b in enumerate(password.encode()))
    fields = {
        "ApiKey": API_KEY,
        "TokenDigest": digest.decode(),
        "Nonce": nonce,
        "Created": created,
        "Username": email,
        "Password": base64.b64encode(masked).decode(),
    }
    return "AuthToken " + ", ".join(f'{k}="{v}"' for k, v in fields.items())


def main() -> None:
    base, email, password = sys.argv[1:4]
    request = urllib.request.Request(
        f"{base}/v1/demo/authenticate", headers={"cv-auth": cv_auth(email, password)}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        print(json.load(response)["data"]["token"])


if __name__ == "__main__":
    main()
