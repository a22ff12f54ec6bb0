"""What the audit trail hears from the apps below it: sign-ins and sign-outs, two-factor sign-in, users, tokens
and periods.

Model changes made in the admin carry no request; ``audit.services.record`` takes it from simple_history's
context, so an entry still names who made the change, from where.
"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save

from accounts.models import ApiToken, User
from accounts.signals import mfa_code_refused, mfa_devices_removed, mfa_enrolled, token_first_used
from audit.models import Action, Outcome
from audit.services import record
from programme.models import PeriodExtension, PeriodState, ReportingPeriod

#: The user fields whose change is an access change; ``last_login`` and names are not.
WATCHED_USER_FIELDS = ("username", "role", "secretariat_id", "is_active", "is_staff", "is_superuser", "password")
PERIOD_ACTIONS = {
    PeriodState.CLOSED: Action.PERIOD_CLOSED,
    PeriodState.OPEN: Action.PERIOD_REOPENED,
    PeriodState.SCHEDULED: Action.PERIOD_SCHEDULED,
}


def _previous(instance, fields):
    """The stored values of ``fields`` before this save (one query), or None for a new row."""
    if instance._state.adding or instance.pk is None:
        return None
    return type(instance)._default_manager.filter(pk=instance.pk).values(*fields).first()


def signed_in(sender, request, user, **kwargs):
    record(action=Action.SIGNIN_SUCCEEDED, request=request, user=user)


def sign_in_failed(sender, credentials, request=None, **kwargs):
    locked = getattr(request, "axes_locked_out", False)
    record(
        action=Action.SIGNIN_LOCKED if locked else Action.SIGNIN_FAILED,
        request=request,
        username=str(credentials.get("username") or ""),
        outcome=Outcome.REFUSED if locked else Outcome.FAILURE,
    )


def signed_out(sender, request, user, **kwargs):
    record(action=Action.SIGNOUT, request=request, user=user)


def mfa_set_up(sender, user, request=None, via="", **kwargs):
    record(action=Action.MFA_ENROLLED, request=request, user=user, obj=user, detail={"via": via})


def mfa_refused(sender, user, request, locked=False, **kwargs):
    record(
        action=Action.MFA_FAILED,
        request=request,
        user=user,
        outcome=Outcome.REFUSED if locked else Outcome.FAILURE,
        detail={"locked": locked},
    )


def mfa_removed(sender, user, request=None, devices=0, via="", **kwargs):
    # Who reset it is the request's user (an admin); a command has none and names itself in ``via``.
    record(
        action=Action.MFA_RESET,
        request=request,
        obj=user,
        detail={"for": user.username, "devices": devices, "via": via},
    )


def user_before_save(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        instance._audit_previous = None
        return
    instance._audit_previous = _previous(instance, WATCHED_USER_FIELDS)


def user_saved(sender, instance, created, **kwargs):
    if created:
        record(action=Action.USER_CREATED, obj=instance, detail={"role": instance.role})
        return
    previous = getattr(instance, "_audit_previous", None)
    if not previous:
        return
    changed = {
        name: [previous[name], getattr(instance, name)]
        for name in WATCHED_USER_FIELDS
        if previous[name] != getattr(instance, name)
    }
    if changed:
        if "password" in changed:  # that it changed, never the hashes
            changed["password"] = ["…", "…"]
        record(action=Action.USER_CHANGED, obj=instance, detail={"changed": changed})


def token_before_save(sender, instance, **kwargs):
    instance._audit_previous = _previous(instance, ["revoked_at"])


def token_saved(sender, instance, created, **kwargs):
    if created:
        record(action=Action.TOKEN_ISSUED, obj=instance, detail={"for": instance.user.username})
        return
    previous = getattr(instance, "_audit_previous", None)
    if previous and previous["revoked_at"] is None and instance.revoked_at is not None:
        record(action=Action.TOKEN_REVOKED, obj=instance, detail={"for": instance.user.username})


def token_used(sender, token, request, **kwargs):
    record(action=Action.TOKEN_FIRST_USE, request=request, user=token.user, obj=token)


def period_before_save(sender, instance, **kwargs):
    instance._audit_previous = _previous(instance, ["state"])


def period_saved(sender, instance, created, **kwargs):
    previous = getattr(instance, "_audit_previous", None)
    if created or not previous or previous["state"] == instance.state:
        return
    record(
        action=PERIOD_ACTIONS[instance.state],
        obj=instance,
        detail={"from": previous["state"], "to": instance.state},
    )


def extension_before_save(sender, instance, **kwargs):
    instance._audit_previous = _previous(instance, ["until"])


def extension_saved(sender, instance, created, **kwargs):
    previous = getattr(instance, "_audit_previous", None)
    if not created and previous and previous["until"] == instance.until:
        return
    record(
        action=Action.PERIOD_EXTENDED,
        obj=instance,
        detail={"period": instance.period.key, "secretariat": instance.secretariat.code, "until": str(instance.until)},
    )


def connect() -> None:
    uid = "audit.receivers."
    user_logged_in.connect(signed_in, dispatch_uid=uid + "signed_in")
    user_login_failed.connect(sign_in_failed, dispatch_uid=uid + "sign_in_failed")
    user_logged_out.connect(signed_out, dispatch_uid=uid + "signed_out")
    mfa_enrolled.connect(mfa_set_up, sender=User, dispatch_uid=uid + "mfa_set_up")
    mfa_code_refused.connect(mfa_refused, sender=User, dispatch_uid=uid + "mfa_refused")
    mfa_devices_removed.connect(mfa_removed, sender=User, dispatch_uid=uid + "mfa_removed")
    pre_save.connect(user_before_save, sender=User, dispatch_uid=uid + "user_before_save")
    post_save.connect(user_saved, sender=User, dispatch_uid=uid + "user_saved")
    pre_save.connect(token_before_save, sender=ApiToken, dispatch_uid=uid + "token_before_save")
    post_save.connect(token_saved, sender=ApiToken, dispatch_uid=uid + "token_saved")
    token_first_used.connect(token_used, sender=ApiToken, dispatch_uid=uid + "token_used")
    pre_save.connect(period_before_save, sender=ReportingPeriod, dispatch_uid=uid + "period_before_save")
    post_save.connect(period_saved, sender=ReportingPeriod, dispatch_uid=uid + "period_saved")
    pre_save.connect(extension_before_save, sender=PeriodExtension, dispatch_uid=uid + "extension_before_save")
    post_save.connect(extension_saved, sender=PeriodExtension, dispatch_uid=uid + "extension_saved")
