"""The relevance set: queries typed the way officials type them, and what they are looking for.

Each entry is (query, expected, k): ``expected`` is a national code, or the exact name of a
procedure that has none; it must be among the first ``k`` results (1 = first). The set covers
queries without diacritics, with diacritics in NFD, both tone placements and capitals, ký/kí and
i/y spellings, typos, abbreviations, whole and partial codes, legal citations, partial names and
everyday phrasings. It needs the national records (tests/conftest.py loads them).
"""

import unicodedata

NFD = unicodedata.normalize("NFD", "Gia hạn giấy phép thiết lập mạng viễn thông dùng riêng")
CHUNG_CHI_NGHIEP_DU = "Cấp chứng chỉ vô tuyến điện nghiệp dư"
THAM_DINH_CNTT = (
    "Thẩm định thiết kế cơ sở dự án đầu tư ứng dụng công nghệ thông tin nhóm A tại địa phương"
)

QUERIES = [
    # No diacritics, the name or most of it.
    ("cap giay phep buu chinh noi tinh", "1.003659", 1),
    ("cap giay phep buu chinh lien tinh", "1.004376", 1),
    ("cap lai giay phep buu chinh het han noi tinh", "1.003633", 1),
    ("sua doi bo sung giay phep buu chinh noi tinh", "1.003687", 1),
    ("van ban xac nhan thong bao hoat dong buu chinh noi tinh", "1.004470", 1),
    ("cap giay phep thiet lap mang vien thong dung rieng", "1.005444", 1),
    ("gia han giay phep thiet lap mang vien thong dung rieng", "1.005445", 1),
    ("giay phep su dung tan so dai vo tuyen dien nghiep du", "2.002781", 1),
    ("gia han giay phep tan so nghiep du", "2.002782", 1),
    ("cap doi giay phep tan so vo tuyen dien nghiep du", "2.002776", 1),
    ("cong nhan trung tam ho tro khoi nghiep sang tao cap tinh", "1.014431", 1),
    ("cong nhan trung tam doi moi sang tao cap quoc gia", "1.014441", 1),
    ("giay chung nhan doanh nghiep khoa hoc va cong nghe", "1.014445", 1),
    ("dang ky sang che", "1.014999", 1),
    ("dang ky kieu dang cong nghiep", "1.015000", 1),
    ("cap quyen su dung ma so ma vach", "1.115187", 1),
    ("kiem dinh thiet bi vien thong", "1.004947", 1),
    ("phan bo ma so vien thong", "1.014009", 1),
    ("hoan tra ma so vien thong", "1.014014", 1),
    ("thanh ly nguon phong xa", "1.014660", 1),
    ("giay phep van hanh nha may dien hat nhan", "1.115802", 1),
    ("phe duyet ke hoach ung pho su co buc xa", "1.014661", 1),
    ("dang ky co so pha che xang dau", "1.000359", 1),
    ("cong bo su dung dau dinh luong", "2.000212", 1),
    ("giay phep kinh doanh dich vu tin cay", "1.013449", 1),
    ("chung chi vo tuyen dien nghiep du", CHUNG_CHI_NGHIEP_DU, 1),
    ("dang ky chuyen giao cong nghe", "1.007281", 3),
    ("chung chi nhan vien buc xa", "1.014656", 3),
    ("giai quyet tranh chap dich vu vien thong", "1.004962", 3),
    ("chu ky dien tu chuyen dung", "1.013447", 3),
    ("ten mien quoc gia .vn", "1.013356", 3),
    # Diacritics: as typed, NFD from some keyboards, the other tone placement, capitals.
    ("Cấp giấy phép bưu chính nội tỉnh", "1.003659", 1),
    (NFD, "1.005445", 1),
    ("hợp lý hoá sản xuất", "1.014546", 3),
    ("CẤP GIẤY PHÉP BƯU CHÍNH LIÊN TỈNH", "1.004376", 1),
    ("Thanh lý nguồn phóng xạ", "1.014660", 1),
    # ký/kí and i/y.
    ("dang ki sang che", "1.014999", 1),
    ("đăng kí kiểu dáng công nghiệp", "1.015000", 1),
    ("hop li hoa san xuat", "1.014546", 3),
    ("thi cong ha tang ki thuat vien thong ngam", "1.014397", 1),
    ("giay chung nhan dang ki to chuc khoa hoc va cong nghe", "1.014389", 3),
    # One or two wrong letters.
    ("cap giay phep buu chinh noi tnh", "1.003659", 1),
    ("gia hna giay phep thiet lap mang vien thong dung rieng", "1.005445", 1),
    ("giay phep thiet lap mang vien thog dung rieng", "1.005444", 3),
    ("dang ky kieu dang cong ngiep", "1.015000", 1),
    ("thanh ly ngon phong xa", "1.014660", 1),
    ("cap quyen su dung ma so ma vanh", "1.115187", 1),
    ("phe duyet ke hoach ung pho su co bucc xa", "1.014661", 1),
    # Abbreviations.
    ("cap gp buu chinh noi tinh", "1.003659", 1),
    ("gcn dang ky chuyen giao cong nghe", "1.007281", 3),
    ("gp cgcn", "1.013927", 3),
    ("gcn doanh nghiep khcn", "1.014445", 3),
    ("GCN doanh nghiệp KH&CN", "1.014445", 3),
    ("gp su dung tan so vtd nghiep du", "2.002781", 3),
    ("khieu nai shcn", "1.015007", 3),
    ("nhap khau san pham cntt da qua su dung", "1.014636", 3),
    ("tham dinh thiet ke co so du an cntt nhom a", THAM_DINH_CNTT, 1),
    # Codes, whole and partial.
    ("1.005442", "1.005442", 1),
    ("1.013899", "1.013899", 1),
    (" 2.002781 ", "2.002781", 1),
    ("1004376", "1.004376", 1),
    ("ma thu tuc 1.004376", "1.004376", 1),
    ("1.00544", "1.005442", 3),
    # Legal citations.
    ("Điều 4 133/2025", "1.013899", 3),
    ("dieu 29 nd 133", "2.002781", 3),
    ("nd 133 dieu 32", CHUNG_CHI_NGHIEP_DU, 3),
    ("133/2025/NĐ-CP gia han giay phep vien thong", "1.013906", 3),
    ("thong tu 07/2025 chuan do luong", "1.014879", 3),
    # Partial names and everyday phrasings.
    ("mang vien thong dung rieng", "1.005444", 3),
    ("xay dung nha may dien hat nhan", "1.115798", 3),
    ("ho tro to chuc hoi thao khoa hoc", "1.014543", 3),
    ("xin phep nhap khau may moc thiet bi da qua su dung", "1.002725", 3),
    ("chung nhan halal", "3.000562", 3),
    ("don madrid chi dinh viet nam", "1.015003", 3),
    ("lam giay phep dai vo tuyen dien nghiep du o dau", "2.002781", 3),
    # Words of the handbook guidance rather than of the name.
    ("nguoi nop khong cu tru trong tinh", "2.002781", 3),
    ("ho so cua to chuc co tru so chinh o tinh khac", "1.005444", 3),
]
