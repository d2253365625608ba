"""The editors' admin, one module per concern, registered here.

- ``revisions``: the draft editor (revisions and their form);
- ``workflow``: the workflow steps, preview, compare, "start a draft" and the review queue;
- ``guidance``: guidance entries with their revisions and legal drift;
- ``editions``: the handbook's editions;
- ``audit``: the audit log and who reads the history.

Every write goes through handbook.services (the same functions the commands call); who may do
what is decided by handbook.workflow, so hiding a button is never the only guard.
"""

from django.contrib import admin

from handbook.admin.audit import RevisionAuditAdmin
from handbook.admin.editions import EditionAdmin
from handbook.admin.guidance import GuidanceAdmin
from handbook.admin.revisions import RevisionAdmin
from handbook.admin.workflow import ReviewQueueAdmin
from handbook.models import Edition, Guidance, Revision, RevisionInReview

admin.site.register(Revision, RevisionAdmin)
admin.site.register(RevisionInReview, ReviewQueueAdmin)
admin.site.register(Guidance, GuidanceAdmin)
admin.site.register(Edition, EditionAdmin)
admin.site.register(Revision.history.model, RevisionAuditAdmin)
