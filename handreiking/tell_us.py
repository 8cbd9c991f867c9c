"""The link on every page with which a reader tells the team that something is wrong or missing.

A reader has only a browser and no account on the forge: the link opens their own mail program with a message to
the team, the page's title, full address and version already filled in (a mailto: URL as RFC 6068 writes it).
An organisation that has a form on its own intranet sets `communication_team.feedback_form`; the link then goes to
that form, with the page in its query. Nothing is sent by the site itself, and no third party is involved.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

# RFC 6068: a line break in a mailto: body is written as CRLF.
_LINE_BREAK = "\r\n"
# Characters an addr-spec keeps as they are in a mailto: URL (RFC 6068 section 2, 'some-delims' and '@').
_ADDRESS_SAFE = "@!$'()*+,;:"


def tell_us_link(team: dict[str, str], site_name: str, title: str, address: str, version: str) -> str:
    """The mailto: URL to the team, or the team's form, for one page."""
    if team.get("feedback_form"):
        form = team["feedback_form"]
        query = urlencode({"pagina": address, "titel": title, "versie": version}, quote_via=quote)
        return f"{form}{'&' if '?' in form else '?'}{query}"
    subject = f"{site_name}: {title}"
    body = _LINE_BREAK.join(
        [
            "Wat klopt er niet, of wat mis je?",
            "",
            "",
            "",
            f"Pagina: {title}",
            f"Adres: {address}",
            f"Versie: {version}",
        ]
    )
    # Every reserved character is percent-encoded (quote with nothing safe), so '&', '=' or '#' in a title
    # cannot end the subject or start another field.
    return f"mailto:{quote(team['email'], safe=_ADDRESS_SAFE)}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"
