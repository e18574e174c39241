"""The Jinja2 environment: our templates, GOV.UK Frontend's macros, a few helpers."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader

from safeworkload.calc.experience import LABELS as EXPERIENCE_LABELS
from safeworkload.core import govuk
from safeworkload.core.navigation import navigation


def _template_dirs() -> list[Path]:
    package = Path(__file__).resolve().parent.parent
    return sorted(package.glob("*/templates"))


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options: Any) -> Environment:
    options["loader"] = ChoiceLoader(
        [
            FileSystemLoader(_template_dirs()),
            PrefixLoader(
                {"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")}
            ),
        ]
    )
    options.setdefault("autoescape", True)
    options["extensions"] = [*options.get("extensions", []), "jinja2.ext.do"]
    env = Environment(**options)  # noqa: S701 (autoescape is set just above)
    env.globals.update(
        {
            "static": static,
            "url": url,
            "get_messages": get_messages,
            "navigation": navigation,
            "experience_label": lambda person, on: EXPERIENCE_LABELS[person.experience_band(on)],
            "field": govuk.field_params,
            "link": govuk.link,
            "error_summary": govuk.error_summary_params,
            "service_name": "Safe Workload",
            "debug": settings.DEBUG,
        }
    )
    env.filters.update({"number": govuk.format_number, "date": govuk.format_date})
    return env
