"""Demo choices of how each demo person hears of things. The notifications themselves are
not invented here: the demo requests, project moves and payments loaded by the apps above
tell them through the real services (staff hear of new requests and payments, the
collaborator of what staff did with their requests)."""

from accounts.models import User

from .models import Channel, Kind
from .services import preferences_save

CHOICES = {
    # A collaborator on the road: requests by mail too, the rest in the portal only.
    "ctv": {Kind.PROJECT_STATUS: Channel.IN_APP, Kind.PAYMENT_PAID: Channel.IN_APP},
    # The accountant pays the money and needs no mail about it.
    "ketoan": {Kind.PAYMENT_PAID: Channel.NONE},
    "chuyenvien": {Kind.CERTIFICATE_EXPIRY: Channel.EMAIL},
}


def load(*, stdout=None) -> None:
    saved = 0
    for username, choices in CHOICES.items():
        user = User.objects.filter(username=username).first()
        if user is not None:
            saved += len(preferences_save(actor=user, choices=choices))
    if stdout is not None:
        stdout.write(f"  notifications: {saved} choices of the demo users")
