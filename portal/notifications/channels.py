"""Sending one delivery by its channel. A failure raises ChannelError for the task to retry."""

from django.core.mail import EmailMultiAlternatives
from django.utils import translation
from django.utils.translation import gettext as _

from portal import sms
from portal.notifications.models import Channel, Delivery
from portal.notifications.rendering import render


class ChannelError(Exception):
    pass


def send(delivery: Delivery) -> None:
    notification = delivery.notification
    recipient = notification.recipient
    message = render(notification)
    try:
        if delivery.channel == Channel.EMAIL:
            email = EmailMultiAlternatives(message.subject, message.text, to=[recipient.email])
            email.attach_alternative(message.html, "text/html")
            email.send()
        else:
            with translation.override(recipient.language):
                prefix = _("[Fanxiang]")
            sms.get_backend().send(
                phone=recipient.phone, text=f"{prefix} {message.subject} {message.url}"
            )
    except Exception as error:  # any failure of the channel is retried
        raise ChannelError(f"{type(error).__name__}: {error}") from error
