"""Claims of the people of the spec; two of them get a forged ID token on purpose."""

import base64
import json
import os

from django.conf import settings
from jwcrypto import jwk, jwt
from oauth2_provider.oauth2_validators import OAuth2Validator


def people() -> dict:
    with open(os.environ["OP_SPEC"], encoding="utf-8") as spec:
        return {p["username"]: p for p in json.load(spec)["people"]}


def _part(text: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


class Validator(OAuth2Validator):
    # Every claim of the spec goes out whatever the scope (a national provider decides
    # what it shares by its own agreement with the portal).
    oidc_claim_scope = None

    def get_additional_claims(self, request):
        return dict(people()[request.user.username].get("claims", {}))

    def finalize_id_token(self, id_token, token, token_handler, request):
        behaviour = people()[request.user.username].get("behaviour")
        if behaviour == "wrong_nonce":
            id_token["nonce"] = "a-nonce-the-portal-never-sent"
        signed = super().finalize_id_token(id_token, token, token_handler, request)
        if behaviour != "rogue_signature":
            return signed
        header, claims, _signature = signed.split(".")
        forged = jwt.JWT(header=_part(header), claims=_part(claims))
        forged.make_signed_token(jwk.JWK.from_pem(settings.ROGUE_RSA_PRIVATE_KEY.encode()))
        return forged.serialize()
