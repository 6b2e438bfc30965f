"""sagegen: render a reviewed YAML spec into production Terraform."""

__version__ = "0.1.0"
