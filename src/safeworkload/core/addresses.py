from django.conf import settings


def site_address() -> str:
    """The public address links in email start with: the first trusted origin
    (docs/configuration.md asks for the public address there), else the local one."""
    origins = settings.CSRF_TRUSTED_ORIGINS
    return origins[0].rstrip("/") if origins else "http://localhost:8000"
