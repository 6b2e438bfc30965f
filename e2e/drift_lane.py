"""`sagegen drift` on a live stack: the first apply's stack (e2e/first_apply.py) changed behind Terraform's
back through the AWS API, then read back by a real refresh-only plan.

Four changes an operator makes by hand, one per class `sagegen drift` must tell apart:

- the database's instance class (ModifyDBInstance, at once): owned by `database.instance_class`, with the
  edit that adopts it;
- the retention of one of the database's log groups (PutRetentionPolicy): owned by
  `database.log_retention_days`, which the example leaves to its default, so the edit adds the key;
- a tag on the database (AddTagsToResource): not expressible, and the next apply removes it;
- an ingress rule on the database's security group (AuthorizeSecurityGroupIngress): not expressible,
  and the next apply keeps it (the group's rules are resources of their own; `ingress` is Optional and
  Computed in hashicorp/aws's schema, so Terraform leaves what it does not manage).

The edits drift proposes are then made to the spec, the spec rendered and the live values accepted
into the state (`apply -refresh-only`); the next plan must change nothing but remove the tag, as the
report said, and the next refresh-only plan must report nothing.
"""

from __future__ import annotations

from pathlib import Path

from emulator import aws_client

from sagegen import api
from sagegen.insight import drift
from sagegen.render.module import render
from sagegen.spec.load import load_stack_bytes

NEW_CLASS = "db.r6g.xlarge"
HAND_RULE = {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": "203.0.113.0/24"}]}
HAND_TAG = {"Key": "OnCallNote", "Value": "resized by hand"}  # a key the spec tags nothing with


def change_by_hand(spec, url: str) -> str:
    """The four changes; returns the address of the log group whose retention changed."""
    n = spec.names
    rds = aws_client(url, "rds", spec.region)
    (instance,) = rds.describe_db_instances(DBInstanceIdentifier=n.db_identifier)["DBInstances"]
    rds.modify_db_instance(DBInstanceIdentifier=n.db_identifier, DBInstanceClass=NEW_CLASS, ApplyImmediately=True)
    rds.add_tags_to_resource(ResourceName=instance["DBInstanceArn"], Tags=[HAND_TAG])
    group = instance["VpcSecurityGroups"][0]["VpcSecurityGroupId"]
    aws_client(url, "ec2", spec.region).authorize_security_group_ingress(GroupId=group, IpPermissions=[HAND_RULE])
    log_group = f"/aws/rds/instance/{n.db_identifier}/postgresql"
    aws_client(url, "logs", spec.region).put_retention_policy(logGroupName=log_group, retentionInDays=14)
    return f'aws_cloudwatch_log_group.rds["{log_group}"]'


def refresh_only(lane, name: str) -> Path:
    """A refresh-only plan's JSON, as the user makes it (`terraform show -json` of the saved plan)."""
    lane.run(f"drift: {name}", "plan", "-refresh-only", "-input=false", "-out=drift.tfplan")
    shown = lane.terraform.run(lane.module, "show", "-json", "drift.tfplan", env=lane.env)
    assert shown.returncode == 0, shown.stderr
    path = lane.module.parent / f"{name}.json"
    path.write_text(shown.stdout)
    return path


def drift_lane(lane, spec_path: Path, spec, url: str, applied: tuple[str, ...]) -> str:
    """Change, report, adopt, re-check; returns the figure's words."""
    log_group = change_by_hand(spec, url)
    report = api.drift(spec_path, refresh_only(lane, "after the changes"), None)
    found = {d.target: d for d in report.drifts if d.kind is not drift.Kind.COMPUTED}
    owned = {
        "aws_db_instance.postgres.instance_class": "database.instance_class",
        f"{log_group}.retention_in_days": "database.log_retention_days",
    }
    assert HAND_TAG["Key"] not in spec.tags, "the hand-made tag must be one the spec cannot say"
    tag = f"aws_db_instance.postgres.tags.{HAND_TAG['Key']}"
    inexpressible = {tag: "removes", "aws_security_group.rds.ingress": "keeps"}
    assert set(found) == set(owned) | set(inexpressible), drift.as_text(report)
    for target, key in owned.items():
        assert found[target].kind is drift.Kind.OWNED and found[target].keys[0].startswith(f"{key} ("), found[target]
        assert found[target].edit is not None, found[target]
    for target, remedy in inexpressible.items():
        assert found[target].kind is drift.Kind.INEXPRESSIBLE and remedy in found[target].remedy, found[target]
    text = spec_path.read_text()
    for target in sorted(owned, key=lambda t: -found[t].edit.line):  # bottom up: earlier lines keep their numbers
        text = found[target].edit.apply_to(text)
    adopted = lane.module.parent / "adopted.yaml"
    adopted.write_text(text)
    lane.write(render(load_stack_bytes(text.encode(), str(adopted)).spec(None)))
    lane.run("drift: accept the live values", "apply", "-refresh-only", "-auto-approve", "-input=false")
    # Targeted as the lane's apply was (the rest of the stack was never created here).
    targets = [f"-target={t}" for t in (*applied, "aws_security_group.rds", "aws_cloudwatch_log_group.rds")]
    planned = lane.plan("drift: plan the adopted spec", *targets)
    changed = {address: c["actions"] for address, c in planned.items() if c["actions"] not in (["no-op"], ["read"])}
    # The hand-made tag removed, and what drift said its edits change too (one retention key sets every
    # log group of the database and its replicas).
    also = {address for target in owned for address in found[target].edit_moves}
    assert changed == {"aws_db_instance.postgres": ["update"]} | {a: ["update"] for a in also}, (changed, also)
    again = api.drift(adopted, refresh_only(lane, "after adopting"), None)
    assert not again.found, drift.as_text(again)
    noise = sorted({d.attribute for d in report.drifts if d.kind is drift.Kind.COMPUTED})
    return (
        f"drift: {len(found)} changes made through the API classed as `sagegen drift` should ({len(owned)} owned, "
        f"with the edits that adopt them; {len(inexpressible)} not expressible); computed noise ignored: "
        f"{', '.join(noise) or 'none'}; the adopted spec plans only the tag's removal and the {len(also)} "
        "updates drift said its edits make too, and reports no drift"
    )
