"""Narrow fixes to moto for the calls the rendered stack makes (RDS and ElastiCache: e2e/moto_fixes_data.py):
each makes moto answer one call as AWS does. None changes what sagegen renders. docs/e2e.md lists them
with the evidence; e2e/UPSTREAM.md holds each as an issue for moto, with the moto release that should
carry it. e2e/moto_extended.py applies them.
"""

from __future__ import annotations

from moto_checked import relies_on


@relies_on(
    "moto.applicationautoscaling.responses:ApplicationAutoScalingResponse.register_scalable_target",
    "moto.applicationautoscaling.responses:ApplicationAutoScalingResponse.list_tags_for_resource",
    "moto.applicationautoscaling.responses:ApplicationAutoScalingResponse.tag_resource",
    "moto.applicationautoscaling.responses:ApplicationAutoScalingResponse.untag_resource",
)
def fix_application_autoscaling_tags() -> None:
    """AWS tags scalable targets (RegisterScalableTarget's Tags, TagResource,
    ListTagsForResource); moto drops the tags and answers ListTagsForResource
    with a 500, which the provider calls after every create."""
    import json

    from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse

    register = ApplicationAutoScalingResponse.register_scalable_target

    def tags_of(response) -> dict:
        backend = response.applicationautoscaling_backend
        if not hasattr(backend, "sagegen_tags"):
            backend.sagegen_tags = {}
        return backend.sagegen_tags

    def register_scalable_target(self):
        body = register(self)
        arn = json.loads(body)["ScalableTargetARN"]
        tags_of(self).setdefault(arn, {}).update(self._get_param("Tags") or {})
        return body

    def list_tags_for_resource(self):
        return json.dumps({"Tags": tags_of(self).get(self._get_param("ResourceARN"), {})})

    def tag_resource(self):
        tags_of(self).setdefault(self._get_param("ResourceARN"), {}).update(self._get_param("Tags") or {})
        return json.dumps({})

    def untag_resource(self):
        tags = tags_of(self).get(self._get_param("ResourceARN"), {})
        for key in self._get_param("TagKeys") or []:
            tags.pop(key, None)
        return json.dumps({})

    ApplicationAutoScalingResponse.register_scalable_target = register_scalable_target
    ApplicationAutoScalingResponse.list_tags_for_resource = list_tags_for_resource
    ApplicationAutoScalingResponse.tag_resource = tag_resource
    ApplicationAutoScalingResponse.untag_resource = untag_resource


@relies_on(
    "moto.cloudfront.models:Origin.__init__",
    "moto.cloudfront.models:ViewerCertificate.__init__",
)
def fix_cloudfront_origin_access_control_and_certificate() -> None:
    """AWS keeps an origin's OriginAccessControlId and, given an ACM certificate,
    reports CloudFrontDefaultCertificate false; moto drops the first and
    always reports true, so every plan would rewrite the distribution."""
    from moto.cloudfront import models

    origin_init = models.Origin.__init__
    certificate_init = models.ViewerCertificate.__init__

    def origin(self, config):
        origin_init(self, config)
        self.origin_access_control_id = config.get("OriginAccessControlId") or ""

    def certificate(self, config):
        certificate_init(self, config)
        if self.acm_certificate_arn or self.iam_certificate_id:
            self.cloud_front_default_certificate = False

    models.Origin.__init__ = origin
    models.ViewerCertificate.__init__ = certificate


# What AWS answers for a service created without these (ECS API Reference, CreateService).
ECS_DEPLOYMENT_DEFAULTS = {
    "maximumPercent": 200,
    "minimumHealthyPercent": 100,
    "deploymentCircuitBreaker": {"enable": False, "rollback": False},
}


@relies_on(
    "moto.ecs.responses:EC2ContainerServiceResponse.create_service",
    "moto.ecs.responses:EC2ContainerServiceResponse.update_service",
    "moto.ecs.models:EC2ContainerServiceBackend.describe_services",
)
def fix_ecs_availability_zone_rebalancing() -> None:
    """AWS returns a service's availabilityZoneRebalancing, deploymentConfiguration (the circuit breaker)
    and healthCheckGracePeriodSeconds as created; moto drops all three (UpdateService keeps what it is given),
    and keeps a task definition given as `family:revision` as text where AWS reports its ARN."""
    from moto.ecs.responses import EC2ContainerServiceResponse

    create = EC2ContainerServiceResponse.create_service

    def create_service(self):
        result = create(self)
        services, _ = self.ecs_backend.describe_services(
            self._get_param("cluster", "default"), [self._get_param("serviceName")]
        )
        for service in services:
            service.availability_zone_rebalancing = self._get_param("availabilityZoneRebalancing") or "DISABLED"
            service.deployment_configuration = {
                **ECS_DEPLOYMENT_DEFAULTS,
                **(self._get_param("deploymentConfiguration") or {}),
            }
            service.health_check_grace_period_seconds = self._get_param("healthCheckGracePeriodSeconds") or 0
        return result

    update = EC2ContainerServiceResponse.update_service

    def update_service(self):
        # UpdateService changes only the deployment settings it is given; moto replaced the whole set.
        services, _ = self.ecs_backend.describe_services(
            self._get_param("cluster", "default"), [self._get_param("service")]
        )
        before = {
            s.name: dict(getattr(s, "deployment_configuration", None) or ECS_DEPLOYMENT_DEFAULTS) for s in services
        }
        result = update(self)
        given = self._get_param("deploymentConfiguration")
        for service in services:
            if given is not None:
                service.deployment_configuration = {**before[service.name], **given}
            # AWS resolves a `family:revision` (RUNBOOK: roll back) to the revision's ARN; moto kept the text.
            if service.task_definition and not service.task_definition.startswith("arn:"):
                service.task_definition = self.ecs_backend.describe_task_definition(service.task_definition).arn
        return result

    EC2ContainerServiceResponse.create_service = create_service
    EC2ContainerServiceResponse.update_service = update_service


@relies_on(
    "moto.ec2.models.flow_logs:FlowLogsBackend.create_flow_logs",
)
def fix_flow_log_s3_folder() -> None:
    """AWS accepts a folder in a flow log's S3 destination (arn:aws:s3:::bucket/folder/);
    moto looks the whole path up as a bucket name and reports it missing."""
    from moto.ec2.models.flow_logs import FlowLogsBackend

    create = FlowLogsBackend.create_flow_logs

    def create_flow_logs(
        self,
        resource_type,
        resource_ids,
        traffic_type,
        deliver_logs_permission_arn,
        log_destination_type,
        log_destination,
        *args,
        **kwargs,
    ):
        bucket_only = log_destination
        if log_destination_type == "s3" and log_destination and "/" in log_destination.split(":::", 1)[-1]:
            bucket_only = log_destination.split("/", 1)[0]
        flow_logs, unsuccessful = create(
            self,
            resource_type,
            resource_ids,
            traffic_type,
            deliver_logs_permission_arn,
            log_destination_type,
            bucket_only,
            *args,
            **kwargs,
        )
        for flow_log in flow_logs:
            flow_log.log_destination = log_destination
        return flow_logs, unsuccessful

    FlowLogsBackend.create_flow_logs = create_flow_logs


@relies_on(
    "moto.ec2.models.security_groups:SecurityGroupRule.__init__",
    "moto.ec2.models.security_groups:SecurityGroupRule.description",
)
def fix_security_group_rule_references() -> None:
    """AWS returns the description of a rule that references another group, and that
    group in ReferencedGroupInfo; moto keeps the description only for CIDR rules."""
    from moto.ec2.models.security_groups import SecurityGroupRule

    SecurityGroupRule.description = property(
        lambda self: self.ip_range.get("Description") or self.source_group.get("Description")
    )


TRANSITION_DEFAULT = "x-amz-transition-default-minimum-object-size"


@relies_on(
    "moto.s3.responses:S3Response._bucket_response_put",
    "moto.s3.responses:S3Response.get_bucket_lifecycle",
)
def fix_s3_lifecycle_transition_default() -> None:
    """AWS keeps a lifecycle configuration's transition_default_minimum_object_size (a request header of
    PutBucketLifecycleConfiguration, returned by the Get); moto always answers all_storage_classes_128K, so
    the provider waited 3 minutes for the value it had set and failed."""
    from moto.s3.responses import S3Response

    chosen: dict[str, str] = {}
    put, get = S3Response._bucket_response_put, S3Response.get_bucket_lifecycle

    def bucket_response_put(self, request, bucket_name, querystring):
        if "lifecycle" in querystring:
            chosen[bucket_name] = request.headers.get(TRANSITION_DEFAULT) or "all_storage_classes_128K"
            self.response_headers[TRANSITION_DEFAULT] = chosen[bucket_name]
        return put(self, request, bucket_name, querystring)

    def get_bucket_lifecycle(self):
        status, headers, body = get(self)
        headers = {**headers, TRANSITION_DEFAULT: chosen.get(self.bucket_name, "all_storage_classes_128K")}
        return status, headers, body

    S3Response._bucket_response_put = bucket_response_put
    S3Response.get_bucket_lifecycle = get_bucket_lifecycle


@relies_on(
    "moto.s3.models:FakeBucket.get_permission",
    "moto.iam.access_control:IAMPolicy.is_action_permitted",
)
def fix_s3_policy_secure_transport() -> None:
    """AWS is reached over TLS, the emulator over plain HTTP: a bucket policy statement that denies
    requests without TLS (`Bool aws:SecureTransport false`) matches no request of the provider or the CLI
    on AWS, while moto, which ignores conditions, let it deny every object operation."""
    import json

    from moto.iam.access_control import IAMPolicy, PermissionResult
    from moto.s3.models import FakeBucket

    def insecure_only(statement: dict) -> bool:
        return str(statement.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport", "")).lower() == "false"

    def get_permission(self, action, resource):
        if self.policy is None:
            return PermissionResult.NEUTRAL
        policy = json.loads(self.policy)
        policy["Statement"] = [s for s in policy.get("Statement", []) if not insecure_only(s)]
        return IAMPolicy(json.dumps(policy)).is_action_permitted(action, resource)

    FakeBucket.get_permission = get_permission


@relies_on("moto.route53.responses:Route53.create_hosted_zone")
def fix_route53_private_zone_with_vpc() -> None:
    """AWS makes a zone created with a VPC private (Route 53 API Reference, CreateHostedZone, VPC:
    "(Private hosted zones only) ... You can specify only one Amazon VPC when you create a private
    hosted zone"), and the provider sends no HostedZoneConfig.PrivateZone. moto reads only that flag:
    it makes a public zone without the VPC, and every plan would add the VPC again."""
    from moto.route53.responses import Route53

    create = Route53.create_hosted_zone

    def create_hosted_zone(self):
        if self._get_param("VPC.VPCId"):
            flag = self._get_bool_param
            self._get_bool_param = lambda key, *default: (
                True if key == "HostedZoneConfig.PrivateZone" else flag(key, *default)
            )
        return create(self)

    Route53.create_hosted_zone = create_hosted_zone


@relies_on("moto.core.model:ServiceModel.operation_model", "moto.core.routing:ServiceOperationRouter._get_router")
def fix_operation_model_cache_race() -> None:
    """Not an AWS behaviour: a race in moto's server. moto's `ServiceModel.operation_model` and the
    botocore method it overrides both cache through botocore's `instance_cache`, under the same key
    (`("operation_model", name)`). The override first calls botocore's, which stores botocore's
    `OperationModel`, and only then stores moto's own. A second request thread that asks in between
    gets botocore's model, and moto's router for a REST service (built lazily, on the first requests)
    fails on it: `'OperationModel' object has no attribute 'http_trait'`, HTTP 500. Seen once on S3
    CreateBucket: the bucket was made, the 500 made the provider retry, and the retry met
    BucketAlreadyOwnedByYou. Here moto's models are cached under a key of their own, built under a lock."""
    import threading

    from botocore.model import ServiceModel as BotocoreServiceModel
    from moto.core.model import OperationModel, ServiceModel

    lock = threading.Lock()

    def operation_model(self, operation_name: str) -> OperationModel:
        key = ("sagegen_moto_operation_model", operation_name)
        model = self._instance_cache.get(key)
        if model is None:
            with lock:
                model = self._instance_cache.get(key)
                if model is None:
                    plain = BotocoreServiceModel.operation_model(self, operation_name)
                    model = OperationModel(getattr(plain, "_operation_model", {}), self, operation_name)
                    self._instance_cache[key] = model
        return model

    ServiceModel.operation_model = operation_model


FIXES = (
    fix_operation_model_cache_race,
    fix_route53_private_zone_with_vpc,
    fix_application_autoscaling_tags,
    fix_cloudfront_origin_access_control_and_certificate,
    fix_ecs_availability_zone_rebalancing,
    fix_flow_log_s3_folder,
    fix_security_group_rule_references,
    fix_s3_lifecycle_transition_default,
    fix_s3_policy_secure_transport,
)
