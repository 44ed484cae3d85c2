"""The API token: POST a user name and password for one, DELETE it to sign out."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
)
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from portal.accounts import second_factor
from portal.accounts.tokens import TokenAuthentication, token_issue
from portal.api_errors import BAD_REQUEST


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(
        max_length=254, help_text=gettext_lazy("User name, mobile number or e-mail address.")
    )
    password = serializers.CharField(
        write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )
    otp = serializers.CharField(
        required=False,
        max_length=40,
        write_only=True,
        help_text=gettext_lazy(
            "Staff accounts: the code of the authenticator app (or a recovery code)."
        ),
    )

    def validate(self, data):
        user = authenticate(
            self.context["request"], username=data["username"], password=data["password"]
        )
        if user is not None and second_factor.must_give_code(user):
            # The API is no way around the staff's second factor.
            if not second_factor.has_second_factor(user):
                raise serializers.ValidationError(
                    {"otp": _("Set up the authenticator app on the website first.")},
                    code="second_factor_setup",
                )
            if second_factor.code_right(user, data.get("otp", "")) is None:
                raise serializers.ValidationError(
                    {"otp": _("Give the code of your authenticator app (otp).")},
                    code="second_factor",
                )
        if user is None:
            # The same answer whether the account exists or not.
            raise serializers.ValidationError(
                _(
                    "The user name, mobile number, e-mail or password is not right. "
                    "Passwords are case-sensitive."
                ),
                code="authorization",
            )
        return {"user": user}


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=gettext_lazy("Send it as: Authorization: Token …"))
    expiry = serializers.DateTimeField(help_text=gettext_lazy("When it stops working."))


class TokenView(APIView):
    """POST a user name and password for a token; DELETE with the token to revoke it."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth-token"

    def get_authenticators(self):
        # Asking for a token needs no identity, so no session and no CSRF token either.
        if getattr(self.request, "method", "") == "DELETE":
            return [TokenAuthentication()]
        return []

    def get_permissions(self):
        if getattr(self.request, "method", "") == "DELETE":
            return [IsAuthenticated()]
        return [AllowAny()]

    @extend_schema(
        tags=["auth"],
        summary=gettext_lazy("Get a token"),
        description=gettext_lazy(
            "Sign in with a user name, mobile number or e-mail address and the password. "
            "Each call gives a new token, which works until its expiry (30 days unless set "
            "otherwise) or until it is revoked; a changed or reset password revokes them all."
        ),
        request=TokenRequestSerializer,
        responses={
            200: OpenApiResponse(TokenSerializer, gettext_lazy("The caller's token.")),
            400: BAD_REQUEST,
        },
        auth=[],
    )
    def post(self, request):
        given = TokenRequestSerializer(data=request.data, context={"request": request})
        given.is_valid(raise_exception=True)
        instance, token = token_issue(user=given.validated_data["user"])
        return Response(TokenSerializer({"token": token, "expiry": instance.expiry}).data)

    @extend_schema(
        tags=["auth"],
        summary=gettext_lazy("Revoke the token"),
        request=None,
        responses={204: OpenApiResponse(description=gettext_lazy("The token no longer works."))},
    )
    def delete(self, request):
        request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
