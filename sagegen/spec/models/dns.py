"""DNS in Route 53: the records a first apply needs, when the account hosts the domain's zone."""

from __future__ import annotations

from pydantic import Field

from .base import Model
from .frontend import DNS_NAME


class Dns(Model):
    """A public Route 53 hosted zone of this account that holds the stack's domains.

    With it, Terraform creates the certificates' validation records (so the first apply completes on
    its own) and alias records of the API domain to the ALB and of the app's aliases to CloudFront.
    Without it, the first apply is two steps (README: first apply): the CNAMEs go to your DNS by hand.
    """

    zone: str = Field(
        pattern=DNS_NAME,
        description="Name of the public hosted zone (e.g. sage.ai); edge.domain_name and frontend.aliases "
        "must lie in it. Terraform looks it up; it does not create or delete the zone.",
        examples=["sage.ai"],
    )

    def holds(self, domain: str) -> bool:
        """Whether `domain` is the zone's apex or a name under it."""
        return domain == self.zone or domain.endswith("." + self.zone)
