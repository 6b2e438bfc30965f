"""The emulator's transport (e2e/moto_retries.py): a call whose response was lost is answered once.

The client below loses the first response on purpose: a `before-send` hook sends the request itself and
drops what comes back, then lets botocore send it again as attempt 2 under the same invocation id,
as the SDKs do after a reset connection.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from emulator import aws_client, moto_server
from moto_retries import MARKER

REGION = "us-east-1"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with moto_server(log) as endpoint:
        yield endpoint, log


def losing_first_response(url: str, service: str, operation: str, between=lambda: None):
    """A client whose first attempt at `operation` reaches the emulator and whose response is lost;
    `between` runs before the retry is sent."""
    client = aws_client(url, service, REGION)
    lost: list[int] = []

    def send_and_lose(request, **_):
        if lost:
            return None  # the retry: botocore sends it
        body = request.body.encode() if isinstance(request.body, str) else request.body  # query calls: a str
        first = urllib.request.Request(request.url, data=body, headers=dict(request.headers), method="POST")
        try:
            with urllib.request.urlopen(first, timeout=30) as response:
                lost.append(response.status)
        except urllib.error.HTTPError as refused:
            lost.append(refused.code)
        between()
        request.headers["amz-sdk-request"] = "attempt=2; max=4"
        return None

    client.meta.events.register(f"before-send.{service}.{operation}", send_and_lose)
    return client, lost


def web_acl(client, name: str) -> dict:
    return client.create_web_acl(
        Name=name,
        Scope="CLOUDFRONT",
        DefaultAction={"Allow": {}},
        VisibilityConfig={"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True, "MetricName": name},
    )["Summary"]


def test_a_create_whose_response_was_lost_is_answered_once(served: tuple[str, Path]) -> None:
    url, log = served
    client, lost = losing_first_response(url, "wafv2", "CreateWebACL")
    summary = web_acl(client, "lost-response")  # moto alone: WAFDuplicateItemException
    assert lost == [200], "the first attempt did not reach the emulator"
    listed = aws_client(url, "wafv2", REGION).list_web_acls(Scope="CLOUDFRONT")["WebACLs"]
    assert [acl["Id"] for acl in listed if acl["Name"] == "lost-response"] == [summary["Id"]]
    assert f"{MARKER} 2 of wafv2 CreateWebACL" in log.read_text()


def test_a_retry_after_an_error_runs_again(served: tuple[str, Path]) -> None:
    """Only a 2xx is given again: after an error the retry is run, and may succeed, as the SDK expects."""
    url, _ = served
    wafv2 = aws_client(url, "wafv2", REGION)
    taken = web_acl(wafv2, "taken")

    def free_the_name() -> None:
        wafv2.delete_web_acl(Name="taken", Scope="CLOUDFRONT", Id=taken["Id"], LockToken=taken["LockToken"])

    client, lost = losing_first_response(url, "wafv2", "CreateWebACL", free_the_name)
    created = web_acl(client, "taken")  # the first attempt's refusal given again: WAFDuplicateItemException
    assert lost == [400], "the first attempt was not refused"
    assert created["Id"] != taken["Id"]


def test_a_query_call_retried_after_an_error_is_run_with_its_body(served: tuple[str, Path]) -> None:
    """The log names a query-protocol call by its Action, read from the body: the call still gets it."""
    url, log = served
    ec2 = aws_client(url, "ec2", REGION)
    taken = ec2.create_security_group(GroupName="taken", Description="first")["GroupId"]
    client, lost = losing_first_response(
        url, "ec2", "CreateSecurityGroup", lambda: ec2.delete_security_group(GroupId=taken)
    )
    created = client.create_security_group(GroupName="taken", Description="second")["GroupId"]
    assert lost == [400] and created != taken
    (group,) = ec2.describe_security_groups(GroupIds=[created])["SecurityGroups"]
    assert group["Description"] == "second"
    assert f"{MARKER} 2 of ec2 CreateSecurityGroup" in log.read_text()


def test_calls_are_remembered_within_a_time_and_a_byte_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """The emulator runs for a whole e2e lane: what it keeps for retries stays bounded."""
    import moto_retries

    monkeypatch.setattr(moto_retries, "BUDGET", 10)
    calls = moto_retries.Calls()
    for name in "ab":
        calls.keep(name, calls.first(name), ("200 OK", [], b"x" * 8))
    calls.first("c")  # 16 bytes kept, over 10: the oldest goes
    assert calls.earlier("a") is None and calls.earlier("b") is not None and calls.size == 8
    calls.earlier("b").started -= moto_retries.KEPT_FOR + 1
    calls.first("d")  # b is too old now
    assert calls.earlier("b") is None and calls.size == 0 and list(calls.calls) == ["c", "d"]


def test_a_second_request_thread_gets_moto_s_operation_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """fix_operation_model_cache_race, the interleaving that once made S3 CreateBucket a 500 after the
    bucket was made: one thread inside moto's `operation_model` has let botocore cache its model, and a
    second thread asks moto for the same operation before the first stores moto's."""
    from botocore.loaders import Loader
    from botocore.model import ServiceModel as BotocoreServiceModel
    from moto.core.model import OperationModel, ServiceModel
    from moto_fixes import fix_operation_model_cache_race

    description = Loader().load_service_model("s3", "service-2")

    def second_thread_reads(model: ServiceModel) -> object:
        BotocoreServiceModel.operation_model(model, "CreateBucket")  # the first thread, halfway
        return model.operation_model("CreateBucket")

    # moto as it is: the second thread gets botocore's model, which moto's REST router cannot use.
    assert not isinstance(second_thread_reads(ServiceModel(description, "s3")), OperationModel)
    monkeypatch.setattr(ServiceModel, "operation_model", ServiceModel.operation_model)  # undone after the test
    fix_operation_model_cache_race()
    fixed = second_thread_reads(ServiceModel(description, "s3"))
    assert isinstance(fixed, OperationModel)
    assert (fixed.http_trait.method, fixed.http_trait.path) == ("PUT", "/{Bucket}")
