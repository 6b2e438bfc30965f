"""The spec models: one module per concern, `Spec` at the root."""

from .spec import Names, Spec

__all__ = ["Names", "Spec"]
