"""Forms for asking and for each action on a question. Limits are stated to the official."""

import datetime
from typing import cast

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from handbook.models import SECTIONS
from procedures.models import Field, Procedure
from questions.attachments import QUESTION_MAX_BYTES, check_upload
from questions.models import (
    ANSWER_MAX,
    BODY_MAX,
    BODY_MIN,
    NOTE_MAX,
    TITLE_MAX,
    TITLE_MIN,
    MinistryUnit,
    OnlineSession,
)


def _length_help(low: int | None, high: int) -> str:
    if low:
        return gettext("Từ %(low)d đến %(high)d ký tự.") % {"low": low, "high": high}
    return gettext("Tối đa %(high)d ký tự.") % {"high": high}


class AskForm(forms.Form):
    title = forms.CharField(
        label=_("Câu hỏi ngắn gọn"),
        min_length=TITLE_MIN,
        max_length=TITLE_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = forms.CharField(
        label=_("Nội dung: tình huống, hồ sơ, điều đang vướng"),
        min_length=BODY_MIN,
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    procedure = forms.ModelChoiceField(
        label=_("Câu hỏi về thủ tục, nhiệm vụ"),
        queryset=Procedure.objects.all(),
        required=False,
        empty_label=_("Không gắn thủ tục (câu hỏi chung)"),
        # Without blank=True a radio list drops the empty label and shows Django's "None".
        blank=True,
        widget=forms.RadioSelect,
    )
    field = forms.ModelChoiceField(
        label=_("Lĩnh vực (khi không gắn thủ tục)"),
        queryset=Field.objects.all(),
        required=False,
        empty_label=_("Chưa rõ lĩnh vực"),
    )
    show_identity = forms.BooleanField(
        label=_("Đồng ý hiển thị họ tên và đơn vị của tôi nếu câu hỏi được công khai"),
        required=False,
    )
    attachment = forms.FileField(
        label=_("Tệp đính kèm (không bắt buộc)"),
        required=False,
        help_text=_(
            "PDF, JPEG hoặc PNG, tối đa 5 MB. Không tải lên giấy tờ có thông tin cá nhân của "
            "người dân (căn cước, hồ sơ của tổ chức, cá nhân); hãy che hoặc lược bỏ trước."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].help_text = _length_help(TITLE_MIN, TITLE_MAX)
        self.fields["body"].help_text = _length_help(BODY_MIN, BODY_MAX)
        # Any procedure is accepted; only the likely ones are offered (a full list is too heavy
        # for a slow connection).
        procedure_field = cast(forms.ModelChoiceField, self.fields["procedure"])
        procedure_field.widget.choices = [
            ("", procedure_field.empty_label),
            *[(p.pk, str(p)) for p in candidates],
        ]

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            check_upload(upload, max_bytes=QUESTION_MAX_BYTES)
        return upload


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Giao cho"), queryset=User.objects.none())

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["assignee"]).queryset = colleagues


class EscalateForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị của Bộ"), queryset=MinistryUnit.objects.all())
    note = forms.CharField(
        label=_("Lý do chuyển: Sở đã kiểm tra những gì, vướng ở đâu"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_length_help(None, NOTE_MAX),
    )
    session = forms.ModelChoiceField(
        label=_("Đề nghị giải đáp tại buổi trực tuyến"),
        queryset=OnlineSession.objects.none(),
        required=False,
        empty_label=_("Không"),
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["session"]).queryset = sessions


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Câu trả lời"),
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Văn bản thường. Nêu căn cứ (văn bản, điều, khoản) đúng như nguồn; "
            "điều gì nguồn chưa ghi thì nói rõ là chưa có dữ liệu."
        ),
    )


class PublishForm(forms.Form):
    public_question = forms.CharField(
        label=_("Câu hỏi (bản công khai)"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Lược bỏ mọi thông tin cá nhân trước khi công khai."),
    )
    public_answer = forms.CharField(
        label=_("Câu trả lời (bản công khai)"),
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class PromoteForm(forms.Form):
    section = forms.ChoiceField(label=_("Thêm vào mục"), initial="notes")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["section"]).choices = [
            (name, gettext(label)) for name, label in SECTIONS
        ]


class QueueForm(forms.Form):
    session = forms.ModelChoiceField(
        label=_("Buổi giải đáp"),
        queryset=OnlineSession.objects.none(),
        required=False,
        empty_label=_("Không xếp vào buổi nào"),
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["session"]).queryset = sessions


class DashboardForm(forms.Form):
    PERIODS = [
        ("30", _("30 ngày qua")),
        ("90", _("90 ngày qua")),
        ("365", _("12 tháng qua")),
        ("all", _("Toàn bộ")),
    ]
    period = forms.ChoiceField(label=_("Câu hỏi gửi trong"), choices=PERIODS, required=False)

    def since(self):
        """The start of the chosen period (None for all); bad input falls back to all."""
        period = self.cleaned_data.get("period") if self.is_valid() else None
        if not period or period == "all":
            return None
        return timezone.now() - datetime.timedelta(days=int(period))


def service_errors(exc: ValidationError | PermissionDenied) -> list[str]:
    return list(getattr(exc, "messages", [str(exc)]))
