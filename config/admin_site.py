"""The admin site: Django's, with a "Việc cần làm" panel on its index for each role."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from handbook.selectors import staff_tasks as handbook_tasks
from questions import workflow
from questions.selectors import staff_tasks as question_tasks


class CamnangAdminSite(admin.AdminSite):
    site_header = _("Cẩm nang: quản trị nội dung")
    site_title = _("Cẩm nang")
    index_title = _("Quản trị cẩm nang nghiệp vụ")

    def index(self, request, extra_context=None):
        actor = workflow.Actor.of(request.user)
        context = {
            "tasks": question_tasks(request.user) + handbook_tasks(request.user),
            "handles_questions": actor.is_department or actor.is_ministry,
            **(extra_context or {}),
        }
        return super().index(request, context)
