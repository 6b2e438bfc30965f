"""The spec models: one module per concern, `Spec` at the root."""

from .spec import Spec

__all__ = ["Spec"]
