"""Demo questions and sessions for local use (``load_questions --demo``); never for production.

Every answer below says only what ../shared/reference says (DOMAIN.md, procedures.csv and the
national records), with its source; what the sources leave open stays a question (escalated or
new). Dates are relative to the day the demo is loaded, so ages and overdue flags show.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from procedures.models import Field, Procedure
from questions import services
from questions.models import MinistryUnit, OnlineSession, Question, SessionMaterial

DECREE_133_TEXT = (
    "https://hethongphapluat.vn/nghi-dinh-133-2025-nd-cp-quy-dinh-ve-phan-quyen-phan-cap-trong-"
    "linh-vuc-quan-ly-nha-nuoc-cua-bo-khoa-hoc-va-cong-nghe.html"
)

SESSIONS = [
    {
        "key": "past",
        "title": "Giải đáp vướng mắc hằng tháng (dữ liệu minh họa)",
        "kind": OnlineSession.Kind.MONTHLY,
        "field": None,
        "starts": -21,
        "agenda": "Thẩm quyền sau phân cấp: bưu chính, viễn thông\nHỏi đáp trực tiếp",
        "procedures": ["1.004376", "1.013899"],
        "unit": "bo-khcn-don-vi-chua-xac-dinh",
        "minutes": (
            "Buổi giải đáp (dữ liệu minh họa) trao đổi về thẩm quyền sau phân cấp.\n\n"
            "- Cấp giấy phép bưu chính phạm vi liên tỉnh, quốc tế: bản ghi quốc gia 1.004376 "
            "(thu thập 18/7/2026) ghi UBND cấp tỉnh thực hiện; bản ghi năm 2025 ghi Vụ Bưu chính.\n"
            "- Giấy phép cung cấp dịch vụ viễn thông không có hạ tầng mạng, cố định mặt đất: "
            "UBND cấp tỉnh nơi doanh nghiệp đặt trụ sở chính (Nghị định 133/2025/NĐ-CP, "
            "Điều 4 khoản 1)."
        ),
        "materials": [
            ("Nghị định 133/2025/NĐ-CP (toàn văn)", SessionMaterial.Kind.DOCUMENT, DECREE_133_TEXT)
        ],
    },
    {
        "key": "telecom",
        "title": "Chuyên đề viễn thông: giấy phép sau phân quyền (dữ liệu minh họa)",
        "kind": OnlineSession.Kind.FIELD,
        "field": "vien-thong-va-internet",
        "starts": 10,
        "agenda": (
            "Tỉnh nào cấp giấy phép: trụ sở chính hay nơi thiết lập mạng\n"
            "Gia hạn, cấp lại giấy phép: thời điểm nộp hồ sơ\nHỏi đáp trực tiếp"
        ),
        "procedures": ["1.013899", "1.013900", "1.013906"],
        "unit": "cuc-vien-thong",
    },
    {
        "key": "quarter",
        "title": "Giải đáp vướng mắc hằng quý (dữ liệu minh họa)",
        "kind": OnlineSession.Kind.QUARTERLY,
        "field": None,
        "starts": 40,
        "agenda": "Tổng hợp câu hỏi quá hạn của các tỉnh\nHỏi đáp trực tiếp",
        "procedures": [],
        "unit": "bo-khcn-don-vi-chua-xac-dinh",
    },
]

# Each question: who asks, when (days ago), about what, and what happened to it since.
QUESTIONS = [
    {
        "asker": "canbo.xa.danang",
        "days_ago": 26,
        "procedure": "1.013899",
        "show_identity": True,
        "title": "Doanh nghiệp có trụ sở chính ở Hà Nội thì xin giấy phép viễn thông ở tỉnh nào?",
        "body": (
            "Một doanh nghiệp có trụ sở chính tại Hà Nội muốn cung cấp dịch vụ viễn thông cố định "
            "mặt đất (không có hạ tầng mạng) cho khách hàng ở Đà Nẵng, đến hỏi phường nơi đặt văn "
            "phòng giao dịch. Doanh nghiệp nộp hồ sơ xin giấy phép ở Đà Nẵng hay ở Hà Nội?"
        ),
        "steps": [
            ("assign", "canbo.so.danang", 25),
            (
                "answer",
                "canbo.so.danang",
                23,
                "Nộp tại Hà Nội. Từ 01/7/2025, việc cấp, sửa đổi, bổ sung, gia hạn, cấp lại và thu "
                "hồi giấy phép cung cấp dịch vụ viễn thông không có hạ tầng mạng, loại hình dịch "
                "vụ viễn thông cố định mặt đất thuộc UBND cấp tỉnh nơi doanh nghiệp đặt trụ sở "
                "chính (Nghị định 133/2025/NĐ-CP, Điều 4 khoản 1; phân quyền). Nơi cung cấp dịch "
                "vụ hay nơi đặt văn phòng giao dịch không quyết định thẩm quyền. Doanh nghiệp nộp "
                "hồ sơ (thủ tục 1.013899) cho UBND thành phố Hà Nội; Sở KH&CN Hà Nội tiếp nhận, "
                "thẩm định. Phường hướng dẫn doanh nghiệp nộp trực tiếp, qua dịch vụ bưu chính "
                "hoặc trực tuyến trên Cổng Dịch vụ công quốc gia.",
            ),
            ("close", "canbo.xa.danang", 22),
            ("publish", "canbo.bo", 21),
        ],
    },
    {
        "asker": "canbo.xa.hanoi",
        "days_ago": 19,
        "procedure": "1.013900",
        "title": (
            "Giấy phép viễn thông có hạ tầng mạng trong một tỉnh: theo trụ sở hay nơi lắp mạng?"
        ),
        "body": (
            "Doanh nghiệp có trụ sở chính ở Bắc Ninh dự kiến thiết lập mạng viễn thông công cộng "
            "cố định mặt đất, không dùng tần số vô tuyến điện, không dùng số thuê bao, chỉ trong "
            "địa bàn Hà Nội. Hồ sơ cấp giấy phép nộp ở Hà Nội hay Bắc Ninh?"
        ),
        "steps": [
            ("assign", "canbo.so.hanoi", 18),
            (
                "answer",
                "canbo.so.hanoi",
                16,
                "Nộp tại Hà Nội. Với giấy phép cung cấp dịch vụ viễn thông có hạ tầng mạng, loại "
                "mạng viễn thông công cộng cố định mặt đất không sử dụng băng tần số vô tuyến "
                "điện, không sử dụng số thuê bao viễn thông, có phạm vi thiết lập mạng trong một "
                "tỉnh, thẩm quyền thuộc UBND cấp tỉnh nơi doanh nghiệp dự kiến hoặc có hoạt động "
                "thiết lập mạng viễn thông (Nghị định 133/2025/NĐ-CP, Điều 4 khoản 2; từ "
                "01/7/2025), không theo nơi đặt trụ sở chính. Sở KH&CN Hà Nội tiếp nhận, thẩm định "
                "(thủ tục 1.013900). Nếu mạng thiết lập trên hai tỉnh trở lên, hoặc có sử dụng tần "
                "số hay số thuê bao, thẩm quyền vẫn ở cấp Bộ; giấy phép có hạ tầng mạng không "
                "sử dụng tần số ngoài trường hợp trên do Cục Viễn thông cấp (Thông tư "
                "13/2025/TT-BKHCN).",
            ),
            ("publish", "canbo.bo", 15),
        ],
    },
    {
        "asker": "canbo.xa.nghean",
        "days_ago": 16,
        "procedure": "2.002781",
        "title": "Cấp giấy phép cho đài vô tuyến điện nghiệp dư nay nộp hồ sơ ở đâu?",
        "body": (
            "Một người dân trong xã hỏi nơi nộp hồ sơ xin giấy phép sử dụng tần số và thiết bị vô "
            "tuyến điện cho đài vô tuyến điện nghiệp dư. Trước đây hồ sơ gửi Cục Tần số vô tuyến "
            "điện; từ tháng 7/2025 có thay đổi không?"
        ),
        "steps": [],
    },
    {
        "asker": "canbo.xa.hanoi",
        "days_ago": 12,
        "procedure": "1.014879",
        "title": "Chứng nhận chuẩn đo lường nhóm 2: Sở hay UBND tỉnh ký quyết định?",
        "body": (
            "Một tổ chức kiểm định trên địa bàn phường hỏi: sau ngày 01/7/2025 ai ký quyết định "
            "chứng nhận chuẩn đo lường dùng trực tiếp để kiểm định phương tiện đo nhóm 2, và hồ sơ "
            "đã nộp cho Tổng cục Tiêu chuẩn Đo lường Chất lượng trước ngày đó thì xử lý thế nào?"
        ),
        "steps": [
            ("assign", "canbo.so.hanoi", 11),
            (
                "answer",
                "canbo.so.hanoi",
                9,
                "Thông tư 07/2025/TT-BKHCN (hiệu lực 01/7/2025) phân cấp việc chứng nhận chuẩn đo "
                "lường cho UBND cấp tỉnh. Bản ghi quốc gia 1.014879 (thu thập 18/7/2026) ghi cơ "
                "quan có thẩm quyền là Chủ tịch UBND cấp tỉnh, thời hạn 10 ngày làm việc. Theo quy "
                "định chuyển tiếp của Thông tư 07/2025/TT-BKHCN, hồ sơ nhận trước 01/7/2025 được "
                "giải quyết tiếp theo quy định cũ; giấy chứng nhận đã cấp trước đó còn giá trị đến "
                "khi hết hạn hoặc được thay thế.",
            ),
        ],
    },
    {
        "asker": "canbo.xa.danang",
        "days_ago": 14,
        "procedure": "1.014880",
        "title": "Thời hạn điều chỉnh quyết định chứng nhận chuẩn đo lường nhóm 2 là bao lâu?",
        "body": (
            "Tổ chức đã có quyết định chứng nhận chuẩn đo lường nhóm 2, nay đổi địa chỉ phòng thí "
            "nghiệm, hỏi thời hạn giải quyết hồ sơ điều chỉnh quyết định và ai có thẩm quyền."
        ),
        "steps": [
            ("assign", "canbo.so.danang", 14),
            (
                "answer",
                "canbo.so.danang",
                13,
                "07 ngày làm việc kể từ ngày nhận hồ sơ đầy đủ, hợp lệ: bản ghi quốc gia 1.014880 "
                "ghi 7 ngày làm việc, Cổng dịch vụ công tỉnh Lai Châu ghi cùng thời hạn. Cơ quan "
                "có thẩm quyền theo bản ghi: Chủ tịch UBND cấp tỉnh; thủ tục được phân cấp cho "
                "UBND cấp tỉnh theo Thông tư 07/2025/TT-BKHCN.",
            ),
            ("close", "canbo.so.danang", 12),
            ("publish", "canbo.bo", 12),
        ],
    },
    {
        "asker": "canbo.xa.hanoi",
        "days_ago": 8,
        "procedure": "1.013906",
        "title": "Giấy phép viễn thông còn 20 ngày mới xin gia hạn thì có được không?",
        "body": (
            "Doanh nghiệp có giấy phép cung cấp dịch vụ viễn thông không có hạ tầng mạng (cố định "
            "mặt đất) hết hạn sau 20 ngày nữa mới nộp hồ sơ gia hạn. Sở có nhận hồ sơ gia hạn "
            "không, hay hướng dẫn doanh nghiệp làm thủ tục khác?"
        ),
        "steps": [
            ("assign", "canbo.so.hanoi", 7),
            (
                "escalate",
                "canbo.so.hanoi",
                6,
                "cuc-vien-thong",
                "Nguồn ghi hồ sơ gia hạn nộp khi giấy phép còn hạn tối đa 90 ngày và ít nhất 30 "
                "ngày (Điều 47 Nghị định 163/2024/NĐ-CP). Nguồn chưa nói trường hợp nộp muộn hơn "
                "xử lý thế nào; đề nghị Cục Viễn thông hướng dẫn.",
                "telecom",
            ),
        ],
    },
    {
        "asker": "canbo.xa.danang",
        "days_ago": 15,
        "procedure": None,
        "field": "so-huu-tri-tue",
        "title": (
            "Xóa tên tổ chức dịch vụ đại diện sở hữu công nghiệp nay do cơ quan nào giải quyết?"
        ),
        "body": (
            "Một công ty dịch vụ đại diện sở hữu công nghiệp đặt trụ sở trên địa bàn phường hỏi "
            "thủ tục xóa tên khỏi sổ đăng ký sau khi có Nghị định 133/2025/NĐ-CP. Sở chưa thấy "
            "thủ tục này trong danh mục thủ tục của thành phố."
        ),
        "steps": [
            ("assign", "canbo.so.danang", 14),
            (
                "escalate",
                "canbo.so.danang",
                13,
                "cuc-so-huu-tri-tue",
                "Theo một nguồn thứ cấp, Điều 7 khoản 2 Nghị định 133/2025/NĐ-CP dẫn tới Phụ lục "
                "III.1 về thủ tục này; Sở chưa xác nhận được cơ quan giải quyết sau phân cấp.",
                None,
            ),
        ],
    },
    {
        "asker": "canbo.xa.hanoi",
        "days_ago": 24,
        "procedure": None,
        "field": None,
        "title": "Xã có phải tiếp nhận hồ sơ thủ tục hành chính nào của Bộ KH&CN không?",
        "body": (
            "Sau khi sắp xếp chính quyền hai cấp, phường có phải tiếp nhận, giải quyết thủ tục "
            "hành chính nào thuộc lĩnh vực của Bộ Khoa học và Công nghệ không?"
        ),
        "steps": [
            ("assign", "canbo.so.hanoi", 24),
            (
                "answer",
                "canbo.so.hanoi",
                22,
                "Theo dữ liệu đã đối chiếu, chưa có thủ tục hành chính cấp quốc gia nào của Bộ "
                "KH&CN do cấp xã thực hiện: trong 489 bản ghi thu thập ngày 18/7/2026 chỉ có 3 thủ "
                "tục có cấp xã, đều là thủ tục riêng của thành phố Huế. Theo báo chí, Nghị định "
                "132/2025/NĐ-CP giao cấp xã một số nhiệm vụ về đo lường, chất lượng hàng hóa, công "
                "nghệ thông tin; đó chủ yếu là nhiệm vụ quản lý nhà nước, chưa phải thủ tục tiếp "
                "nhận hồ sơ. Với các thủ tục đã phân cấp cho tỉnh, cán bộ xã hướng dẫn tổ chức, cá "
                "nhân nộp hồ sơ tại Trung tâm Phục vụ hành chính công của tỉnh, qua dịch vụ bưu "
                "chính hoặc trên Cổng Dịch vụ công quốc gia.",
            ),
            ("close", "canbo.xa.hanoi", 21),
            ("publish", "canbo.bo", 20),
        ],
    },
    {
        "asker": "canbo.xa.danang",
        "days_ago": 11,
        "procedure": None,
        "field": None,
        "title": "Nghị định 133/2025/NĐ-CP về phân quyền, phân cấp áp dụng đến khi nào?",
        "body": (
            "Cán bộ phường cần biết Nghị định 133/2025/NĐ-CP còn áp dụng đến thời điểm nào để "
            "hướng dẫn doanh nghiệp, và có văn bản nào mới điều chỉnh thêm không."
        ),
        "steps": [
            ("assign", "canbo.so.danang", 11),
            (
                "answer",
                "canbo.so.danang",
                10,
                "Nghị định 133/2025/NĐ-CP ngày 12/6/2025 có hiệu lực từ 01/7/2025 và áp dụng đến "
                "01/3/2027, trừ một số trường hợp; Nghị định 132/2025/NĐ-CP cũng áp dụng đến "
                "01/3/2027. Các văn bản năm 2026 đã điều chỉnh thêm nhiều thủ tục (ví dụ Nghị "
                "quyết 20/2026/NQ-CP ngày 29/4/2026 về phân cấp trong lĩnh vực của Bộ KH&CN), vì "
                "vậy luôn đối chiếu bản ghi hiện hành trên Cổng Dịch vụ công quốc gia.",
            ),
            ("publish", "canbo.bo", 9),
        ],
    },
    {
        "asker": "canbo.xa.hanoi",
        "days_ago": 30,
        "procedure": "1.004376",
        "field": "buu-chinh",
        "show_identity": True,
        "title": "Giấy phép bưu chính liên tỉnh trước do Vụ Bưu chính cấp, nay nộp ở đâu?",
        "body": (
            "Doanh nghiệp có trụ sở trên địa bàn phường muốn xin giấy phép bưu chính phạm vi liên "
            "tỉnh. Tài liệu cũ ghi Vụ Bưu chính cấp; danh mục phân cấp năm 2025 không có thủ tục "
            "này. Nay doanh nghiệp nộp ở Bộ hay ở tỉnh?"
        ),
        "steps": [
            ("assign", "canbo.so.hanoi", 29),
            (
                "escalate",
                "canbo.so.hanoi",
                28,
                "vu-buu-chinh",
                "Danh mục phân cấp năm 2025 không có thủ tục bưu chính; cần Bộ xác nhận cơ quan "
                "giải quyết hiện hành.",
                "past",
            ),
            (
                "answer",
                "canbo.bo",
                21,
                "Theo bản ghi trên Cơ sở dữ liệu quốc gia về thủ tục hành chính (thủ tục 1.004376, "
                "thu thập 18/7/2026, công bố tại Quyết định 2528/QĐ-BKHCN ngày 21/5/2026), thủ tục "
                "cấp giấy phép bưu chính phạm vi liên tỉnh, quốc tế nay do UBND cấp tỉnh thực "
                "hiện, thời hạn 10 ngày làm việc; bản ghi năm 2025 ghi Vụ Bưu chính. Thay đổi này "
                "không nằm trong Nghị định 133/2025/NĐ-CP; bản ghi mới viện dẫn Nghị quyết "
                "20/2026/NQ-CP. Đối chiếu bản ghi hiện hành trên dichvucong.gov.vn trước khi hướng "
                "dẫn doanh nghiệp.",
            ),
            ("close", "canbo.xa.hanoi", 20),
            ("publish", "canbo.bo", 19),
        ],
    },
    {
        "asker": "canbo.xa.danang",
        "days_ago": 3,
        "procedure": "1.014666",
        "field": "an-toan-buc-xa-va-hat-nhan",
        "title": "Đăng ký dịch vụ đánh giá hoạt độ phóng xạ nộp ở Bộ hay ở tỉnh?",
        "body": (
            "Một doanh nghiệp muốn đăng ký hoạt động dịch vụ đánh giá hoạt độ phóng xạ, hỏi hồ sơ "
            "nộp cho Cục An toàn bức xạ và hạt nhân như trước hay nộp tại tỉnh."
        ),
        "steps": [("assign", "canbo.so.danang", 2)],
    },
    {
        "asker": "canbo.xa.hanoi",
        "days_ago": 6,
        "procedure": "Cấp giấy chứng nhận đăng ký kết nối để cung cấp dịch vụ nội dung thông tin "
        "trên mạng viễn thông di động",
        "title": (
            "Thời hạn cấp giấy chứng nhận đăng ký kết nối cung cấp nội dung trên mạng di động?"
        ),
        "body": (
            "Doanh nghiệp cung cấp dịch vụ nội dung trên mạng viễn thông di động hỏi thời hạn giải "
            "quyết hồ sơ cấp và cấp lại giấy chứng nhận đăng ký kết nối, và cơ quan nào quyết định."
        ),
        "steps": [
            ("assign", "canbo.so.hanoi", 5),
            (
                "answer",
                "canbo.so.hanoi",
                4,
                "Theo Cổng dịch vụ công tỉnh Đồng Tháp: 20 ngày kể từ ngày nhận đủ hồ sơ hợp lệ; "
                "UBND cấp tỉnh nơi tổ chức, doanh nghiệp đặt trụ sở chính quyết định, Sở KH&CN "
                "trực tiếp thực hiện. Cấp lại: 05 ngày làm việc kể từ ngày nhận đơn hợp lệ (Cổng "
                "dịch vụ công tỉnh Lai Châu). Điều khoản của nghị định làm căn cứ và mã thủ tục "
                "quốc gia: chưa có dữ liệu.",
            ),
        ],
    },
    {
        "asker": "canbo.xa.nghean",
        "days_ago": 1,
        "procedure": "Tiếp nhận hồ sơ công bố đủ năng lực thực hiện hoạt động đào tạo (lĩnh vực "
        "tiêu chuẩn đo lường chất lượng)",
        "title": "Hồ sơ công bố đủ năng lực đào tạo lĩnh vực tiêu chuẩn đo lường nộp ở đâu?",
        "body": (
            "Một trung tâm đào tạo trên địa bàn xã muốn công bố đủ năng lực thực hiện hoạt động "
            "đào tạo trong lĩnh vực tiêu chuẩn đo lường chất lượng. Hồ sơ nộp ở đâu và theo mẫu "
            "nào?"
        ),
        "steps": [],
    },
]


def _moment(days_ago: int, hour: int = 9) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _procedure(ref: str | None) -> Procedure | None:
    if not ref:
        return None
    if ref[:1].isdigit():
        return Procedure.objects.filter(code=ref).first()
    return Procedure.objects.filter(name__startswith=ref).first()


def _sessions() -> dict[str, OnlineSession]:
    found = {}
    for spec in SESSIONS:
        session = OnlineSession.objects.filter(title=spec["title"]).first()
        if session is None:
            starts = _moment(-spec["starts"], hour=14)
            session = OnlineSession(
                title=spec["title"],
                kind=spec["kind"],
                field=Field.objects.filter(slug=spec["field"]).first() if spec["field"] else None,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                meeting_url="https://hop-truc-tuyen.example.com/cam-nang",
                agenda=spec["agenda"],
                host_unit=MinistryUnit.objects.get(slug=spec["unit"]),
            )
            session.full_clean()
            session.save()
            session.procedures.set(
                [p for p in (_procedure(code) for code in spec["procedures"]) if p is not None]
            )
        found[spec["key"]] = session
    return found


@transaction.atomic
def load_demo() -> tuple[int, int]:
    """Create the demo sessions and questions that are not there yet; return (created, kept)."""
    users = {u.username: u for u in get_user_model().objects.filter(username__contains="canbo.")}
    sessions = _sessions()
    created = kept = 0
    for spec in QUESTIONS:
        asker = users[spec["asker"]]
        if Question.objects.filter(asker=asker, title=spec["title"]).exists():
            kept += 1
            continue
        procedure = _procedure(spec["procedure"])
        field_slug = spec.get("field")
        question = services.question_ask(
            user=asker,
            title=spec["title"],
            body=spec["body"],
            procedure=procedure,
            field=Field.objects.filter(slug=field_slug).first() if field_slug else None,
            show_identity=spec.get("show_identity", False),
            at=_moment(spec["days_ago"]),
        )
        for step in spec["steps"]:
            action, username, days_ago, *rest = step
            user, at = users[username], _moment(days_ago, hour=15)
            if action == "assign":
                services.question_assign(question=question, user=user, at=at)
            elif action == "escalate":
                unit_slug, note, session_key = rest
                services.question_escalate(
                    question=question,
                    user=user,
                    unit=MinistryUnit.objects.get(slug=unit_slug),
                    note=note,
                    session=sessions[session_key] if session_key else None,
                    at=at,
                )
            elif action == "answer":
                services.question_answer(
                    question=question, user=user, answer=rest[0], notify=False, at=at
                )
            elif action == "close":
                services.question_close(question=question, user=user, at=at)
            elif action == "publish":
                question.refresh_from_db()
                services.question_publish(
                    question=question,
                    user=user,
                    public_question=f"{question.title}\n\n{question.body}",
                    public_answer=question.answer,
                    at=at,
                )
            question.refresh_from_db()
        created += 1
    past = sessions["past"]
    if past.outcome_published_at is None:
        spec = SESSIONS[0]
        past.minutes = spec["minutes"]
        past.save()
        for title, kind, url in spec["materials"]:
            SessionMaterial.objects.get_or_create(
                session=past, title=title, defaults={"kind": kind, "url": url}
            )
        services.session_publish_outcome(session=past, user=users["canbo.bo"])
    return created, kept
