from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 's3.tf.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_spec = resolve('spec')
    l_0_n = resolve('n')
    l_0_frontend_bucket_policy = resolve('frontend_bucket_policy')
    try:
        t_1 = environment.filters['hcl']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'hcl' found.")
    pass
    if environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'):
        pass
        yield 'resource "aws_s3_bucket" "frontend" {\n  bucket = '
        yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'), 'bucket_name')))
        yield '\n\n  tags = {\n    Name = '
        yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'frontend')))
        yield '\n  }\n}\n\nresource "aws_s3_bucket_versioning" "frontend" {\n  bucket = aws_s3_bucket.frontend.id\n\n  versioning_configuration {\n    status = '
        yield str(t_1(('Enabled' if environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'), 'versioning') else 'Suspended')))
        yield '\n  }\n}\n\nresource "aws_s3_bucket_public_access_block" "frontend" {\n  bucket = aws_s3_bucket.frontend.id\n\n  block_public_acls       = true\n  block_public_policy     = true\n  ignore_public_acls      = true\n  restrict_public_buckets = true\n}\n\nresource "aws_s3_bucket_server_side_encryption_configuration" "frontend" {\n  bucket = aws_s3_bucket.frontend.id\n\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm = "AES256"\n    }\n  }\n}\n\n# Old versions are the rollback window of a bad deploy; after that they cost\n# money and protect nothing.\nresource "aws_s3_bucket_lifecycle_configuration" "frontend" {\n  bucket = aws_s3_bucket.frontend.id\n\n  rule {\n    id     = "expire-old-versions"\n    status = "Enabled"\n\n    filter {}\n\n    noncurrent_version_expiration {\n      noncurrent_days = '
        yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'), 'noncurrent_version_expiration_days')))
        yield '\n    }\n\n    abort_incomplete_multipart_upload {\n      days_after_initiation = 7\n    }\n  }\n\n  depends_on = [aws_s3_bucket_versioning.frontend]\n}\n'
        if environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'), 'access_logs'):
            pass
            yield '\nresource "aws_s3_bucket_logging" "frontend" {\n  bucket        = aws_s3_bucket.frontend.id\n  target_bucket = aws_s3_bucket.logs.id\n  target_prefix = '
            yield str(t_1(str_join(('s3/', environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'), 'bucket_name'), '/', ))))
            yield '\n\n  # S3 refuses a log target whose policy does not yet let the logging service write.\n  depends_on = [aws_s3_bucket_policy.logs]\n}\n'
        yield '\n# Only the CloudFront distribution may read the bucket, and only over TLS.\nresource "aws_s3_bucket_policy" "frontend" {\n  bucket = aws_s3_bucket.frontend.id\n  policy = jsonencode('
        yield str(t_1((undefined(name='frontend_bucket_policy') if l_0_frontend_bucket_policy is missing else l_0_frontend_bucket_policy)))
        yield ')\n\n  depends_on = [aws_s3_bucket_public_access_block.frontend]\n}\n'

blocks = {}
debug_info = '1=20&3=23&6=25&14=27&49=29&59=31&64=34&74=37'