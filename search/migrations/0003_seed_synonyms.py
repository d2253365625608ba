"""The abbreviations officials type, as they appear in the ministry's records and guidance."""

from django.db import migrations

from procedures.text import search_form

SYNONYMS = [
    ("UBND", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("TTHC", "thủ tục hành chính"),
    ("KH&CN", "khoa học và công nghệ"),
    ("BKHCN", "Bộ Khoa học và Công nghệ"),
    ("TT&TT", "thông tin và truyền thông"),
    ("BTTTT", "Bộ Thông tin và Truyền thông"),
    ("CGCN", "chuyển giao công nghệ"),
    ("SHTT", "sở hữu trí tuệ"),
    ("SHCN", "sở hữu công nghiệp"),
    ("TĐC", "tiêu chuẩn đo lường chất lượng"),
    ("TCĐLCL", "tiêu chuẩn đo lường chất lượng"),
    ("CNTT", "công nghệ thông tin"),
    ("VTĐ", "vô tuyến điện"),
    ("ATBXHN", "an toàn bức xạ và hạt nhân"),
    ("ATBX", "an toàn bức xạ"),
    ("NLNT", "năng lượng nguyên tử"),
    ("UDNLNT", "ứng dụng năng lượng nguyên tử"),
    ("CVBX", "công việc bức xạ"),
    ("NVBX", "nhân viên bức xạ"),
    ("GP", "giấy phép"),
    ("GCN", "giấy chứng nhận"),
    ("DN", "doanh nghiệp"),
    ("HTX", "hợp tác xã"),
    ("DVVT", "dịch vụ viễn thông"),
    ("TCVN", "tiêu chuẩn quốc gia"),
    ("QCVN", "quy chuẩn kỹ thuật quốc gia"),
    ("NSNN", "ngân sách nhà nước"),
    ("TTPVHCC", "Trung tâm Phục vụ hành chính công"),
    ("DVC", "dịch vụ công"),
]


def seed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for term, meaning in SYNONYMS:
        Synonym.objects.get_or_create(
            term_key=search_form(term),
            meaning_key=search_form(meaning),
            defaults={"term": term, "meaning": meaning},
        )


def unseed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for term, meaning in SYNONYMS:
        Synonym.objects.filter(
            term_key=search_form(term), meaning_key=search_form(meaning)
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0002_vendor_indexes")]

    operations = [migrations.RunPython(seed, unseed)]
