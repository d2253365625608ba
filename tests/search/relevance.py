"""The relevance set: queries typed the way officials type them, and what they are looking for.

Each entry is (query, expected, k, kind): ``expected`` is a national code, or the exact name of a
procedure that has none; it must be among the first ``k`` results (1 = first). ``kind`` is what
makes the query hard (one of KINDS): queries without diacritics, with diacritics in NFD, both
tone placements and capitals, ký/kí and i/y spellings, typos, abbreviations, whole and partial
codes, legal citations, partial names, words of the guidance, words that other names have only
in an exclusion clause ("(trừ …)"), the words of a name as one run, everyday words for the
records' own. The figures are printed per kind at the end of the run (tests/search/conftest.py).
It needs the national records (tests/conftest.py loads them).
"""

import unicodedata

NFD = unicodedata.normalize("NFD", "Gia hạn giấy phép thiết lập mạng viễn thông dùng riêng")
CHUNG_CHI_NGHIEP_DU = "Cấp chứng chỉ vô tuyến điện nghiệp dư"
THAM_DINH_CNTT = (
    "Thẩm định thiết kế cơ sở dự án đầu tư ứng dụng công nghệ thông tin nhóm A tại địa phương"
)

KINDS = [
    "no-diacritics",
    "diacritics",
    "ki-y",
    "typo",
    "abbreviation",
    "code",
    "citation",
    "partial",
    "guidance",
    "exclusion",
    "proximity",
    "colloquial",
]

QUERIES = [
    # No diacritics, the name or most of it.
    ("cap giay phep buu chinh noi tinh", "1.003659", 1, "no-diacritics"),
    ("cap giay phep buu chinh lien tinh", "1.004376", 1, "no-diacritics"),
    ("cap lai giay phep buu chinh het han noi tinh", "1.003633", 1, "no-diacritics"),
    ("sua doi bo sung giay phep buu chinh noi tinh", "1.003687", 1, "no-diacritics"),
    ("van ban xac nhan thong bao hoat dong buu chinh noi tinh", "1.004470", 1, "no-diacritics"),
    ("cap giay phep thiet lap mang vien thong dung rieng", "1.005444", 1, "no-diacritics"),
    ("gia han giay phep thiet lap mang vien thong dung rieng", "1.005445", 1, "no-diacritics"),
    ("giay phep su dung tan so dai vo tuyen dien nghiep du", "2.002781", 1, "no-diacritics"),
    ("gia han giay phep tan so nghiep du", "2.002782", 1, "no-diacritics"),
    ("cap doi giay phep tan so vo tuyen dien nghiep du", "2.002776", 1, "no-diacritics"),
    ("cong nhan trung tam ho tro khoi nghiep sang tao cap tinh", "1.014431", 1, "no-diacritics"),
    ("cong nhan trung tam doi moi sang tao cap quoc gia", "1.014441", 1, "no-diacritics"),
    ("giay chung nhan doanh nghiep khoa hoc va cong nghe", "1.014445", 1, "no-diacritics"),
    ("dang ky sang che", "1.014999", 1, "no-diacritics"),
    ("dang ky kieu dang cong nghiep", "1.015000", 1, "no-diacritics"),
    ("cap quyen su dung ma so ma vach", "1.115187", 1, "no-diacritics"),
    ("kiem dinh thiet bi vien thong", "1.004947", 1, "no-diacritics"),
    ("phan bo ma so vien thong", "1.014009", 1, "no-diacritics"),
    ("hoan tra ma so vien thong", "1.014014", 1, "no-diacritics"),
    ("thanh ly nguon phong xa", "1.014660", 1, "no-diacritics"),
    ("giay phep van hanh nha may dien hat nhan", "1.115802", 1, "no-diacritics"),
    ("phe duyet ke hoach ung pho su co buc xa", "1.014661", 1, "no-diacritics"),
    ("dang ky co so pha che xang dau", "1.000359", 1, "no-diacritics"),
    ("cong bo su dung dau dinh luong", "2.000212", 1, "no-diacritics"),
    ("giay phep kinh doanh dich vu tin cay", "1.013449", 1, "no-diacritics"),
    ("chung chi vo tuyen dien nghiep du", CHUNG_CHI_NGHIEP_DU, 1, "no-diacritics"),
    ("dang ky chuyen giao cong nghe", "1.007281", 3, "no-diacritics"),
    ("chung chi nhan vien buc xa", "1.014656", 3, "no-diacritics"),
    ("giai quyet tranh chap dich vu vien thong", "1.004962", 3, "no-diacritics"),
    ("chu ky dien tu chuyen dung", "1.013447", 3, "no-diacritics"),
    ("ten mien quoc gia .vn", "1.013356", 3, "no-diacritics"),
    # Diacritics: as typed, NFD from some keyboards, the other tone placement, capitals.
    ("Cấp giấy phép bưu chính nội tỉnh", "1.003659", 1, "diacritics"),
    (NFD, "1.005445", 1, "diacritics"),
    ("hợp lý hoá sản xuất", "1.014546", 3, "diacritics"),
    ("CẤP GIẤY PHÉP BƯU CHÍNH LIÊN TỈNH", "1.004376", 1, "diacritics"),
    ("Thanh lý nguồn phóng xạ", "1.014660", 1, "diacritics"),
    # ký/kí and i/y.
    ("dang ki sang che", "1.014999", 1, "ki-y"),
    ("đăng kí kiểu dáng công nghiệp", "1.015000", 1, "ki-y"),
    ("hop li hoa san xuat", "1.014546", 3, "ki-y"),
    ("thi cong ha tang ki thuat vien thong ngam", "1.014397", 1, "ki-y"),
    ("giay chung nhan dang ki to chuc khoa hoc va cong nghe", "1.014389", 3, "ki-y"),
    # One or two wrong letters.
    ("cap giay phep buu chinh noi tnh", "1.003659", 1, "typo"),
    ("gia hna giay phep thiet lap mang vien thong dung rieng", "1.005445", 1, "typo"),
    ("giay phep thiet lap mang vien thog dung rieng", "1.005444", 3, "typo"),
    ("dang ky kieu dang cong ngiep", "1.015000", 1, "typo"),
    ("thanh ly ngon phong xa", "1.014660", 1, "typo"),
    ("cap quyen su dung ma so ma vanh", "1.115187", 1, "typo"),
    ("phe duyet ke hoach ung pho su co bucc xa", "1.014661", 1, "typo"),
    # Abbreviations.
    ("cap gp buu chinh noi tinh", "1.003659", 1, "abbreviation"),
    ("gcn dang ky chuyen giao cong nghe", "1.007281", 3, "abbreviation"),
    ("gp cgcn", "1.013927", 3, "abbreviation"),
    ("gcn doanh nghiep khcn", "1.014445", 3, "abbreviation"),
    ("GCN doanh nghiệp KH&CN", "1.014445", 3, "abbreviation"),
    ("gp su dung tan so vtd nghiep du", "2.002781", 3, "abbreviation"),
    ("khieu nai shcn", "1.015007", 3, "abbreviation"),
    ("nhap khau san pham cntt da qua su dung", "1.014636", 3, "abbreviation"),
    ("tham dinh thiet ke co so du an cntt nhom a", THAM_DINH_CNTT, 1, "abbreviation"),
    # Codes, whole and partial.
    ("1.005442", "1.005442", 1, "code"),
    ("1.013899", "1.013899", 1, "code"),
    (" 2.002781 ", "2.002781", 1, "code"),
    ("1004376", "1.004376", 1, "code"),
    ("ma thu tuc 1.004376", "1.004376", 1, "code"),
    ("1.00544", "1.005442", 3, "code"),
    # Legal citations.
    ("Điều 4 133/2025", "1.013899", 3, "citation"),
    ("dieu 29 nd 133", "2.002781", 3, "citation"),
    ("nd 133 dieu 32", CHUNG_CHI_NGHIEP_DU, 3, "citation"),
    ("133/2025/NĐ-CP gia han giay phep vien thong", "1.013906", 3, "citation"),
    ("thong tu 07/2025 chuan do luong", "1.014879", 3, "citation"),
    # Partial names and everyday phrasings.
    ("mang vien thong dung rieng", "1.005444", 3, "partial"),
    ("xay dung nha may dien hat nhan", "1.115798", 3, "partial"),
    ("ho tro to chuc hoi thao khoa hoc", "1.014543", 3, "partial"),
    ("xin phep nhap khau may moc thiet bi da qua su dung", "1.002725", 3, "partial"),
    ("chung nhan halal", "3.000562", 3, "partial"),
    ("don madrid chi dinh viet nam", "1.015003", 3, "partial"),
    ("lam giay phep dai vo tuyen dien nghiep du o dau", "2.002781", 3, "partial"),
    # Words of the handbook guidance rather than of the name.
    ("nguoi nop khong cu tru trong tinh", "2.002781", 3, "guidance"),
    ("ho so cua to chuc co tru so chinh o tinh khac", "1.005444", 3, "guidance"),
    # Words another name has only inside its exclusion clause: that name is the one they rule
    # out ("đài tàu (trừ đài tàu hoạt động tuyến quốc tế)").
    ("giay phep dai tau hoat dong tuyen quoc te", "1.010281", 1, "exclusion"),
    ("chung chi nhan vien buc xa x quang", "1.014678", 1, "exclusion"),
    ("khai bao thiet bi buc xa x quang", "2.002131", 3, "exclusion"),
    (
        "cap giay chung nhan dang ky chuyen giao cong nghe thuoc tham quyen bo",
        "1.007281",
        1,
        "exclusion",
    ),
    # The clause points to the procedure of the same name without it (issue 15's example).
    ("chuyển giao công nghệ thuộc thẩm quyền của Bộ", "1.007281", 1, "exclusion"),
    (
        "gia han giay dang ky dich vu ho tro nang luong nguyen tu lap dat nguon phong xa",
        "1.115140",
        1,
        "exclusion",
    ),
    # The words as one run in one name, split by commas or scattered in others.
    ("danh gia nghiem thu va cong nhan ket qua", "1.001034", 1, "proximity"),
    ("khai bao nguon phong xa chat thai phong xa", "1.014657", 1, "proximity"),
    ("cap giay phep su dung tan so va quy dao ve tinh", "1.010315", 3, "proximity"),
    # Everyday words for the records' own (search/migrations/0007_colloquial_synonyms.py).
    ("dang ky logo", "1.015002", 1, "colloquial"),
    ("làm lại văn bằng bảo hộ", "1.013966", 1, "colloquial"),
    ("lam lai giay phep buu chinh het han noi tinh", "1.003633", 1, "colloquial"),
    ("giay to cua to chuc co tru so chinh o tinh khac", "1.005444", 3, "colloquial"),
]
