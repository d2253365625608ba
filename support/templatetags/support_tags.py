from django import template
from django.urls import reverse

from support import practice

register = template.Library()


@register.simple_tag
def practice_url(procedure) -> str:
    """The procedure's self-check address when its record has data for one; "" otherwise."""
    if not practice.is_offered(procedure):
        return ""
    return reverse("support:practice", args=[procedure.slug])
