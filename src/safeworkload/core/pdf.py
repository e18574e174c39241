"""PDF downloads, made from a page's HTML by WeasyPrint.

WeasyPrint needs the system's Pango library. Without it, a PDF link answers
503 with a page that says what is missing and offers the CSV instead, rather
than failing with a server error.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class PdfUnavailable(RuntimeError):
    """WeasyPrint is installed but the system's Pango library is not."""


def html_to_pdf(html: str) -> bytes:
    try:
        from weasyprint import HTML
    except OSError as error:  # Pango, HarfBuzz or fontconfig missing
        raise PdfUnavailable(str(error)) from error
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def pdf_response(request: HttpRequest, html: str, *, filename: str, instead: str) -> HttpResponse:
    """``html`` as a PDF download named ``filename``; without Pango, a page that
    says so and points to ``instead`` ("the register as CSV")."""
    try:
        pdf = html_to_pdf(html)
    except PdfUnavailable:
        return render(
            request,
            "core/error.html",
            {
                "title": "The PDF cannot be made on this server",
                "message": "The server is missing the Pango library that PDF export needs. "
                f"Download {instead} instead, and ask your administrator to install it "
                "(docs/deploy.md).",
            },
            status=503,
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
