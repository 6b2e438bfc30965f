from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'logging.tf.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_spec = resolve('spec')
    l_0_n = resolve('n')
    l_0_logs_bucket_policy = resolve('logs_bucket_policy')
    try:
        t_1 = environment.filters['hcl']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'hcl' found.")
    pass
    yield '# The log bucket: access logs of the ALB, CloudFront and the frontend bucket,\n# and the VPC\'s flow logs. Private, encrypted with SSE-S3 (the only encryption\n# ALB log delivery accepts), moved to Glacier and then expired.\ndata "aws_caller_identity" "current" {}\n\n# The account Elastic Load Balancing writes access logs from, in this region.\ndata "aws_elb_service_account" "main" {}\n\nresource "aws_s3_bucket" "logs" {\n  bucket = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'logs'), 'bucket_name')))
    yield '\n\n  tags = {\n    Name = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'logs')))
    yield '\n  }\n}\n\nresource "aws_s3_bucket_public_access_block" "logs" {\n  bucket = aws_s3_bucket.logs.id\n\n  block_public_acls       = true\n  block_public_policy     = true\n  ignore_public_acls      = true\n  restrict_public_buckets = true\n}\n'
    if (environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend') and environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'), 'access_logs')):
        pass
        yield '\n# CloudFront\'s standard logs arrive through a bucket ACL grant to its log\n# delivery account, which a bucket with ACLs disabled refuses.\nresource "aws_s3_bucket_ownership_controls" "logs" {\n  bucket = aws_s3_bucket.logs.id\n\n  rule {\n    object_ownership = "BucketOwnerPreferred"\n  }\n}\n'
    yield '\nresource "aws_s3_bucket_server_side_encryption_configuration" "logs" {\n  bucket = aws_s3_bucket.logs.id\n\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm = "AES256"\n    }\n  }\n}\n\nresource "aws_s3_bucket_versioning" "logs" {\n  bucket = aws_s3_bucket.logs.id\n\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n\n# The document: logs older than 30 days go to Glacier.\nresource "aws_s3_bucket_lifecycle_configuration" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  # Since 2024 S3 transitions no object under 128 KB unless told (most log files are smaller); in Glacier\n  # such a file would cost more than in Standard (~40 KB of metadata and a request per object).\n  transition_default_minimum_object_size = '
    yield str(t_1(('varies_by_storage_class' if environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'logs'), 'small_objects_to_glacier') else 'all_storage_classes_128K')))
    yield '\n\n  rule {\n    id     = "archive-then-expire"\n    status = "Enabled"\n\n    filter {}\n\n    transition {\n      days          = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'logs'), 'glacier_after_days')))
    yield '\n      storage_class = "GLACIER"\n    }\n\n    expiration {\n      days = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'logs'), 'expire_after_days')))
    yield '\n    }\n\n    noncurrent_version_expiration {\n      noncurrent_days = 1\n    }\n\n    abort_incomplete_multipart_upload {\n      days_after_initiation = 7\n    }\n  }\n\n  depends_on = [aws_s3_bucket_versioning.logs]\n}\n\n# Who may write which prefix: ELB, VPC flow logs and S3 server access logging.\nresource "aws_s3_bucket_policy" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  policy = jsonencode('
    yield str(t_1((undefined(name='logs_bucket_policy') if l_0_logs_bucket_policy is missing else l_0_logs_bucket_policy)))
    yield ')\n\n  depends_on = [aws_s3_bucket_public_access_block.logs]\n}\n'

blocks = {}
debug_info = '10=21&13=23&25=25&61=29&70=31&75=33&93=35'