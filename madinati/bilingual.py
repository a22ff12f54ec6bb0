from django.utils.translation import get_language


def is_arabic() -> bool:
    return (get_language() or "ar").startswith("ar")


class BilingualNameMixin:
    """``obj.name`` (and ``obj.description``) in the active language."""

    @property
    def name(self) -> str:
        return self.name_ar if is_arabic() else self.name_en

    def __str__(self):
        code = getattr(self, "code", "")
        return f"{code} · {self.name}" if code else self.name


def localized(obj, field: str) -> str:
    """``localized(axis, "description")`` → ``axis.description_ar`` or ``_en``."""
    return getattr(obj, f"{field}_ar" if is_arabic() else f"{field}_en")
