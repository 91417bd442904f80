"""Which team a logged-in user belongs to, and where that team's store lives.

With login on (``st.login``, configured in ``.streamlit/secrets.toml``), every team has a store of
its own — saved datasets, goals, remembered column mappings — in ``<data folder>/teams/<team>/``;
nobody opens another team's. A user's team comes from ``[fupan.teams]`` in the secrets, by email
address or by ``"@domain"``, else from the identity provider's claim named by ``fupan.team_claim``
(e.g. "groups"; a list takes its first entry), else from the email's domain: everyone at one
company is one team unless said otherwise. Without login there are no teams: the data folder
itself holds the one store.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path

TEAMS_FOLDER = "teams"
_UNSAFE = re.compile(r"[^a-z0-9._-]+")


class TeamError(ValueError):
    """The identity carries nothing a team can be told from (no email, no configured claim)."""


def team_of(identity: Mapping, teams: Mapping[str, str] | None = None, claim: str | None = None) -> str:
    """The team of the user whose identity claims (st.user) are `identity`: `teams` by their email
    (case-insensitive), then by "@domain"; else the `claim`'s value; else the email's domain."""
    email = str(identity.get("email") or "").strip().lower()
    chosen = {str(k).strip().lower(): str(v) for k, v in (teams or {}).items()}
    domain = email.rpartition("@")[2] if "@" in email else ""
    if email and email in chosen:
        return chosen[email]
    if domain and f"@{domain}" in chosen:
        return chosen[f"@{domain}"]
    if claim and identity.get(claim):
        value = identity[claim]
        value = value[0] if isinstance(value, (list, tuple)) and value else value
        if value:
            return str(value)
    if domain:
        return domain
    raise TeamError("the login gave no email address to tell the team from; set fupan.teams or "
                    "fupan.team_claim in .streamlit/secrets.toml")


def team_folder(data_dir: Path, team: str) -> Path:
    """The team's own folder under the data folder: a readable name made safe for a path, and a
    short hash of the exact name so two teams whose names read alike never share one."""
    readable = _UNSAFE.sub("-", team.strip().lower()).strip("-.") or "team"
    digest = hashlib.sha256(team.encode("utf-8")).hexdigest()[:8]
    return data_dir / TEAMS_FOLDER / f"{readable[:40]}-{digest}"
