from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'outputs.tf.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_spec = resolve('spec')
    l_0_n = resolve('n')
    try:
        t_1 = environment.filters['label']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'label' found.")
    pass
    yield 'output "alb_dns_name" {\n  description = "DNS name of the ALB; point the API domain at it."\n  value       = aws_lb.main.dns_name\n}\n\n'
    if environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'):
        pass
        yield 'output "cloudfront_domain_name" {\n  description = "Domain of the CloudFront distribution; point the frontend aliases at it."\n  value       = aws_cloudfront_distribution.frontend.domain_name\n}\n\noutput "cloudfront_distribution_id" {\n  description = "ID of the CloudFront distribution, for cache invalidations on deploy."\n  value       = aws_cloudfront_distribution.frontend.id\n}\n\noutput "frontend_bucket" {\n  description = "Name of the S3 bucket holding the frontend build."\n  value       = aws_s3_bucket.frontend.bucket\n}\n\n'
    yield 'output "ecr_repository_url" {\n  description = "URL of the ECR repository the backend image is pushed to."\n  value       = aws_ecr_repository.backend.repository_url\n}\n\noutput "ecs_cluster_name" {\n  description = "Name of the ECS cluster."\n  value       = aws_ecs_cluster.'
    yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'label')))
    yield '.name\n}\n\noutput "ecs_service_name" {\n  description = "Name of the backend ECS service."\n  value       = aws_ecs_service.backend.name\n}\n\noutput "rds_endpoint" {\n  description = "Address of the PostgreSQL primary."\n  value       = aws_db_instance.postgres.address\n}\n\noutput "rds_password_secret_arn" {\n  description = "ARN of the Secrets Manager secret holding the master password (the tasks read it)."\n  value       = aws_secretsmanager_secret.db_password.arn\n}\n\noutput "rds_replica_endpoints" {\n  description = "Addresses of the PostgreSQL read replicas, in order (empty without replicas)."\n  value       = aws_db_instance.postgres_replica[*].address\n}\n\noutput "redis_primary_endpoint" {\n  description = "Address of the Redis primary."\n  value       = aws_elasticache_replication_group.redis.primary_endpoint_address\n}\n\n'
    if (environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'deploy') and (not environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'secondary_region'))):
        pass
        yield 'output "github_deploy_role_arn" {\n  description = "Role the backend deploy workflow assumes; set the repository variable AWS_ACCOUNT_ID to its account."\n  value       = aws_iam_role.github_deploy.arn\n}\n'
        if environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'):
            pass
            yield '\noutput "github_deploy_frontend_role_arn" {\n  description = "Role the frontend deploy workflow\'s deploy job assumes."\n  value       = aws_iam_role.github_deploy_frontend.arn\n}\n'
        yield '\n'
    yield 'output "sns_alerts_topic_arn" {\n  description = "ARN of the SNS topic the alarms notify."\n  value       = aws_sns_topic.alerts.arn\n}\n\noutput "certificate_validation_records" {\n'
    if environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'):
        pass
        yield '  description = "DNS records to create so ACM can issue the API and frontend certificates."\n  value = {\n    for o in concat(tolist(aws_acm_certificate.backend.domain_validation_options), tolist(aws_acm_certificate.frontend.domain_validation_options)) :\n'
    else:
        pass
        yield '  description = "DNS records to create so ACM can issue the API certificate."\n  value = {\n    for o in aws_acm_certificate.backend.domain_validation_options :\n'
    yield '    o.domain_name => { name = o.resource_record_name, type = o.resource_record_type, value = o.resource_record_value }\n  }\n}\n'

blocks = {}
debug_info = '6=20&30=24&58=26&63=29&78=34'