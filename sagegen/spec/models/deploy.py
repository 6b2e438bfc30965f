"""Deploys from GitHub Actions: the repository allowed to deploy, and where its apps live."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, StrictBool

from .base import Model

REPOSITORY = r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$"


def _inside_the_repository(value: str) -> str:
    if ".." in value.split("/"):
        raise ValueError(f"{value!r} leaves the repository (`..`)")
    return value


# A path inside the repository: relative, no `..`, characters safe unquoted in a shell command.
RelativePath = Annotated[
    str, Field(pattern=r"^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$"), AfterValidator(_inside_the_repository)
]


class Deploy(Model):
    """The two deploy workflows of the document, signed in to AWS with GitHub's OIDC tokens.

    sagegen renders `.github/workflows/deploy-backend.yml` and `deploy-frontend.yml` beside each
    phase's Terraform, and an IAM role only `repository`'s `branch` can assume: no long-lived
    AWS keys in GitHub. Backend deploys register the commit's image in a new task definition
    revision and wait for the service to be stable, so Terraform leaves the service's task
    definition to them.
    """

    repository: str = Field(
        pattern=REPOSITORY, description="GitHub repository allowed to deploy, `owner/name`.", examples=["sage-ai/sage"]
    )
    branch: str = Field("main", pattern=r"^[A-Za-z0-9._/-]+$", description="The only branch that deploys.")
    backend_path: RelativePath = Field(
        "apps/backend", description="Directory of the backend's Dockerfile; a push that changes it deploys."
    )
    frontend_path: RelativePath = Field(
        "apps/frontend", description="Directory of the frontend app; a push that changes it deploys."
    )
    frontend_build_dir: RelativePath = Field(
        "dist", description="Build output inside frontend_path, synced to the bucket."
    )
    node_version: str = Field("20", pattern=r"^\d+(\.\d+){0,2}$", description="Node.js version of the build.")
    pnpm_version: str = Field("8", pattern=r"^\d+(\.\d+){0,2}$", description="pnpm version of the build.")
    create_oidc_provider: StrictBool = Field(
        True,
        description="Create the account's GitHub OIDC identity provider. An account holds one per URL: "
        "set false where another stack created it already (sagegen then looks it up).",
    )
