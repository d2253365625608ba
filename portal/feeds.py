"""Atom feeds of major handbook changes: all national guidance, per field, per province.

A province's feed carries the national changes (they apply there too) and that province's notes.
Minor corrections are never announced.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from delegation.models import Province
from handbook.models import SECTION_FIELDS, Revision
from procedures.models import Field

FEED_SIZE = 30


class MajorChangesFeed(Feed):
    feed_type = Atom1Feed

    def title(self, obj=None):
        return _("Cẩm nang nghiệp vụ: cập nhật hướng dẫn")

    def subtitle(self):
        return _("Các thay đổi nội dung hướng dẫn nghiệp vụ đã được Bộ KH&CN xuất bản.")

    def link(self, obj=None):
        return reverse("portal:changes")

    def revisions(self, obj):
        return Revision.objects.ever_published().major().national()

    def items(self, obj=None):
        return (
            self.revisions(obj)
            .select_related("guidance__procedure", "province")
            .defer(*SECTION_FIELDS)
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        name = item.guidance.procedure.name
        if item.province_id:
            return _("%(name)s — ghi chú của %(province)s") % {
                "name": name,
                "province": item.province.name,
            }
        return name

    def item_description(self, item):
        """The change note (and the withdrawal's reason): plain text written by staff. Atom's
        ``<summary type="html">`` holds HTML, so the text is escaped: a note "<script>" is
        shown as those characters, never read as markup."""
        text = item.change_note or _("Cập nhật hướng dẫn.")
        if item.status == Revision.Status.WITHDRAWN:
            text += " " + _("(Đã rút ngày %(date)s: %(reason)s)") % {
                "date": timezone.localtime(item.ended_at).strftime("%d/%m/%Y"),
                "reason": item.withdrawal_reason,
            }
        return escape(text)

    def item_link(self, item):
        url = reverse("portal:compare", kwargs={"slug": item.guidance.procedure.slug})
        return f"{url}?den={item.pk}"

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.ended_at if item.status == Revision.Status.WITHDRAWN else item.published_at


class FieldChangesFeed(MajorChangesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Field, slug=slug)

    def title(self, obj=None):
        return _("Cẩm nang nghiệp vụ: cập nhật lĩnh vực %s") % obj.name

    def link(self, obj=None):
        return obj.get_absolute_url()

    def revisions(self, obj):
        return super().revisions(obj).filter(guidance__procedure__field=obj)


class ProvinceChangesFeed(MajorChangesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Province, slug=slug)

    def title(self, obj=None):
        return _("Cẩm nang nghiệp vụ: cập nhật cho %s") % obj.name

    def link(self, obj=None):
        return obj.get_absolute_url()

    def revisions(self, obj):
        return Revision.objects.ever_published().major().for_reader(obj)
