"""Words and names the synthetic corpus is built from: Vietnamese administrative language of
Hanoi's environment, land, investment and industry plans, with diacritics (many with đ/Đ)."""

# The 30 districts of Hanoi before 1 July 2025: (level, name). Each gets a People's Committee and offices.
DISTRICTS = [
    ("quận", "Ba Đình"), ("quận", "Hoàn Kiếm"), ("quận", "Tây Hồ"), ("quận", "Long Biên"),
    ("quận", "Cầu Giấy"), ("quận", "Đống Đa"), ("quận", "Hai Bà Trưng"), ("quận", "Hoàng Mai"),
    ("quận", "Thanh Xuân"), ("quận", "Nam Từ Liêm"), ("quận", "Bắc Từ Liêm"), ("quận", "Hà Đông"),
    ("thị xã", "Sơn Tây"), ("huyện", "Ba Vì"), ("huyện", "Chương Mỹ"), ("huyện", "Đan Phượng"),
    ("huyện", "Đông Anh"), ("huyện", "Gia Lâm"), ("huyện", "Hoài Đức"), ("huyện", "Mê Linh"),
    ("huyện", "Mỹ Đức"), ("huyện", "Phú Xuyên"), ("huyện", "Phúc Thọ"), ("huyện", "Quốc Oai"),
    ("huyện", "Sóc Sơn"), ("huyện", "Thạch Thất"), ("huyện", "Thanh Oai"), ("huyện", "Thanh Trì"),
    ("huyện", "Thường Tín"), ("huyện", "Ứng Hòa"),
]

# Communes and wards from 1 July 2025: (level, name, the district most of it came from).
COMMUNES = [
    ("phường", "Cửa Nam", "Hoàn Kiếm"), ("phường", "Ngọc Hà", "Ba Đình"), ("phường", "Giảng Võ", "Ba Đình"),
    ("phường", "Vĩnh Tuy", "Hai Bà Trưng"), ("phường", "Bạch Mai", "Hai Bà Trưng"), ("phường", "Kim Liên", "Đống Đa"),
    ("phường", "Láng", "Đống Đa"), ("phường", "Ô Chợ Dừa", "Đống Đa"), ("phường", "Văn Miếu - Quốc Tử Giám", "Đống Đa"),
    ("phường", "Lĩnh Nam", "Hoàng Mai"), ("phường", "Tương Mai", "Hoàng Mai"), ("phường", "Định Công", "Hoàng Mai"),
    ("phường", "Yên Sở", "Hoàng Mai"), ("phường", "Khương Đình", "Thanh Xuân"), ("phường", "Phương Liệt", "Thanh Xuân"),
    ("phường", "Nghĩa Đô", "Cầu Giấy"), ("phường", "Yên Hòa", "Cầu Giấy"), ("phường", "Phú Thượng", "Tây Hồ"),
    ("phường", "Bồ Đề", "Long Biên"), ("phường", "Việt Hưng", "Long Biên"), ("phường", "Phúc Lợi", "Long Biên"),
    ("phường", "Dương Nội", "Hà Đông"), ("phường", "Yên Nghĩa", "Hà Đông"), ("phường", "Kiến Hưng", "Hà Đông"),
    ("phường", "Tùng Thiện", "Sơn Tây"), ("phường", "Đông Ngạc", "Bắc Từ Liêm"), ("phường", "Thượng Cát", "Bắc Từ Liêm"),
    ("phường", "Xuân Phương", "Nam Từ Liêm"), ("phường", "Đại Mỗ", "Nam Từ Liêm"), ("phường", "Từ Liêm", "Nam Từ Liêm"),
    ("xã", "Phúc Thịnh", "Đông Anh"), ("xã", "Thiên Lộc", "Đông Anh"), ("xã", "Thư Lâm", "Đông Anh"),
    ("xã", "Vĩnh Thanh", "Đông Anh"), ("xã", "Thuận An", "Gia Lâm"), ("xã", "Bát Tràng", "Gia Lâm"),
    ("xã", "Phù Đổng", "Gia Lâm"), ("xã", "Đa Phúc", "Sóc Sơn"), ("xã", "Nội Bài", "Sóc Sơn"),
    ("xã", "Trung Giã", "Sóc Sơn"), ("xã", "Kim Anh", "Sóc Sơn"), ("xã", "Yên Lãng", "Mê Linh"),
    ("xã", "Tiến Thắng", "Mê Linh"), ("xã", "Quang Minh", "Mê Linh"), ("xã", "Ô Diên", "Đan Phượng"),
    ("xã", "Liên Minh", "Đan Phượng"), ("xã", "Dương Hòa", "Hoài Đức"), ("xã", "Sơn Đồng", "Hoài Đức"),
    ("xã", "An Khánh", "Hoài Đức"), ("xã", "Hạ Bằng", "Thạch Thất"), ("xã", "Tây Phương", "Thạch Thất"),
    ("xã", "Hòa Lạc", "Thạch Thất"), ("xã", "Kiều Phú", "Quốc Oai"), ("xã", "Phú Cát", "Quốc Oai"),
    ("xã", "Xuân Mai", "Chương Mỹ"), ("xã", "Trần Phú", "Chương Mỹ"), ("xã", "Bình Minh", "Thanh Oai"),
    ("xã", "Tam Hưng", "Thanh Oai"), ("xã", "Dân Hòa", "Thanh Oai"), ("xã", "Thượng Phúc", "Thường Tín"),
    ("xã", "Chương Dương", "Thường Tín"), ("xã", "Hồng Vân", "Thường Tín"), ("xã", "Phượng Dực", "Phú Xuyên"),
    ("xã", "Chuyên Mỹ", "Phú Xuyên"), ("xã", "Hòa Xá", "Ứng Hòa"), ("xã", "Vân Đình", "Ứng Hòa"),
    ("xã", "Hồng Sơn", "Mỹ Đức"), ("xã", "Phúc Sơn", "Mỹ Đức"), ("xã", "Hương Sơn", "Mỹ Đức"),
    ("xã", "Minh Châu", "Ba Vì"), ("xã", "Quảng Oai", "Ba Vì"), ("xã", "Vật Lại", "Ba Vì"),
    ("xã", "Phúc Lộc", "Phúc Thọ"), ("xã", "Hát Môn", "Phúc Thọ"), ("xã", "Đại Thanh", "Thanh Trì"),
    ("xã", "Nam Phù", "Thanh Trì"), ("xã", "Ngọc Hồi", "Thanh Trì"),
]

# Offices of a district People's Committee: (name pattern, alias pattern or None, agency kind).
# "{where}" becomes e.g. "huyện Đông Anh".
DISTRICT_OFFICES = [
    ("Phòng Tài nguyên và Môi trường {where}", "Phòng TN&MT {where}", "department"),
    ("Phòng Kinh tế {where}", None, "department"),
    ("Phòng Quản lý đô thị {where}", "Phòng QLĐT {where}", "department"),
    ("Phòng Tài chính - Kế hoạch {where}", "Phòng TC-KH {where}", "department"),
    ("Ban Quản lý dự án đầu tư xây dựng {where}", "Ban QLDA ĐTXD {where}", "management_board"),
    ("Đội Quản lý trật tự xây dựng đô thị {where}", None, "department"),
    ("Trung tâm Phát triển quỹ đất {where}", None, "department"),
    ("Phòng Văn hóa và Thông tin {where}", None, "department"),
    ("Công an {where}", None, "police"),
]

# City-level bodies not in the real content: (name, aliases, kind).
CITY_AGENCIES = [
    ("Chi cục Bảo vệ môi trường Hà Nội", ["Chi cục BVMT Hà Nội"], "department"),
    ("Trung tâm Quan trắc tài nguyên và môi trường Hà Nội", ["Trung tâm Quan trắc môi trường"], "department"),
    ("Quỹ Bảo vệ môi trường Hà Nội", [], "department"),
    ("Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Hà Nội", ["Trung tâm Khuyến công"], "department"),
    ("Sở Y tế", [], "department"),
    ("Sở Giáo dục và Đào tạo", ["Sở GD&ĐT"], "department"),
    ("Sở Tư pháp", [], "department"),
    ("Sở Du lịch", [], "department"),
    ("Sở Văn hóa và Thể thao", [], "department"),
    ("Sở Dân tộc và Tôn giáo", [], "department"),
    ("Thanh tra Thành phố", [], "department"),
    ("Văn phòng UBND Thành phố", ["Văn phòng Ủy ban nhân dân Thành phố"], "department"),
    ("Cục Thống kê thành phố Hà Nội", [], "department"),
    ("Cục Thuế thành phố Hà Nội", [], "department"),
    ("Ban Quản lý dự án đầu tư xây dựng công trình dân dụng thành phố Hà Nội", [], "management_board"),
    ("Ban Quản lý dự án đầu tư xây dựng công trình giao thông thành phố Hà Nội", [], "management_board"),
    ("Ban Quản lý dự án đầu tư xây dựng công trình hạ tầng kỹ thuật và nông nghiệp thành phố Hà Nội", [], "management_board"),
    ("Bộ Công Thương", [], "ministry"),
    ("Bộ Xây dựng", [], "ministry"),
    ("Bộ Tài nguyên và Môi trường", ["Bộ TN&MT"], "ministry"),
    ("Bộ Nông nghiệp và Môi trường", [], "ministry"),
    ("Hội Liên hiệp Phụ nữ thành phố Hà Nội", ["Hội LHPN Thành phố"], "collective"),
    ("Thành đoàn Hà Nội", ["Đoàn Thanh niên Cộng sản Hồ Chí Minh thành phố Hà Nội"], "collective"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hà Nội", ["Ủy ban MTTQ Việt Nam Thành phố"], "collective"),
    ("Liên minh Hợp tác xã thành phố Hà Nội", [], "collective"),
    ("Công ty TNHH MTV Môi trường đô thị Hà Nội", ["URENCO Hà Nội"], "collective"),
    ("Công ty TNHH MTV Nước sạch Hà Nội", [], "collective"),
    ("Công ty TNHH MTV Thoát nước Hà Nội", [], "collective"),
    ("Tổng công ty Điện lực thành phố Hà Nội", ["EVNHANOI"], "collective"),
    ("Ban Chỉ đạo phát triển làng nghề thành phố Hà Nội", [], "steering_committee"),
]

# Series topics: (id part, what the plans are about). Series are city-wide or one district's;
# the series is titled "Kế hoạch <what> <where> hằng năm", each plan "<What> <where> năm <year>".
SERIES_TOPICS = [
    ("o-nhiem-khong-khi", "phòng, chống ô nhiễm không khí"),
    ("chat-thai-ran", "quản lý chất thải rắn sinh hoạt"),
    ("cum-cong-nghiep", "phát triển cụm công nghiệp"),
    ("dat-dai", "kiểm tra, đánh giá tình hình quản lý, sử dụng đất đai"),
    ("lang-nghe", "bảo vệ môi trường làng nghề"),
    ("dau-tu-cong", "thực hiện đầu tư công"),
    ("thoat-nuoc", "cấp nước sạch và thoát nước đô thị"),
    ("do-thi-van-minh", "xây dựng đô thị văn minh, xanh, sạch, đẹp"),
]

STANDALONE_TITLES = [
    "Thực hiện Đề án “{object}” trên địa bàn thành phố Hà Nội",
    "Triển khai thực hiện {object} {scope}",
    "Điều tra, đánh giá {object} {scope}",
    "Tăng cường quản lý {object} {scope}",
    "Đẩy mạnh đầu tư {object} {scope}",
    "Khắc phục ô nhiễm {object} {scope}",
]

ACTIONS = [
    "Tăng cường", "Đẩy mạnh", "Rà soát, đánh giá", "Điều tra, khảo sát", "Xây dựng và triển khai",
    "Tổ chức kiểm tra, đôn đốc", "Tuyên truyền, phổ biến", "Hướng dẫn thực hiện", "Nghiên cứu, đề xuất",
    "Tổ chức thực hiện", "Đầu tư xây dựng", "Cập nhật, điều chỉnh", "Thanh tra, kiểm tra", "Hoàn thiện",
    "Đánh giá hiện trạng", "Thống kê, lập danh sách", "Quan trắc, giám sát", "Di dời", "Xử lý dứt điểm",
    "Lập đề án", "Tham mưu phê duyệt", "Đào tạo, tập huấn về", "Đôn đốc tiến độ", "Đổi mới", "Đo đạc, lập bản đồ",
    "Kiểm đếm, giải phóng mặt bằng cho", "Huy động nguồn lực đầu tư", "Phối hợp điều tra",
]

OBJECTS = [
    "công tác bảo vệ môi trường", "hạ tầng kỹ thuật các cụm công nghiệp", "hệ thống xử lý nước thải tập trung",
    "các cơ sở gây ô nhiễm môi trường nghiêm trọng", "đất đai và tài nguyên nước", "chất thải rắn sinh hoạt",
    "chất thải nguy hại", "chất lượng không khí", "quy hoạch đô thị", "các làng nghề", "dự án đầu tư công",
    "đề án phát triển công nghiệp môi trường", "các điểm đen ô nhiễm", "bụi mịn PM2.5",
    "khí thải phương tiện giao thông", "nguồn nước sông Tô Lịch, sông Nhuệ, sông Đáy", "đê điều và thoát nước đô thị",
    "năng lượng tái tạo", "kinh tế tuần hoàn", "sản xuất sạch hơn", "cơ sở dữ liệu đất đai", "giải phóng mặt bằng",
    "cây xanh đô thị", "tình trạng đốt rơm rạ", "bãi chôn lấp chất thải Nam Sơn", "điểm tập kết rác thải",
    "đường giao thông nông thôn", "khu đô thị mới", "nhà máy xử lý nước thải Yên Xá", "trạm quan trắc tự động",
    "hồ, ao, kênh mương nội đô", "đất nông nghiệp bị bỏ hoang", "hoạt động khai thác cát trái phép",
    "điều tra cơ bản về tài nguyên đất", "đăng ký đất đai, cấp giấy chứng nhận quyền sử dụng đất",
    "đầu tư hạ tầng khu công nghiệp", "doanh nghiệp đầu tư vào lĩnh vực môi trường", "đô thị thông minh",
    "chương trình mỗi xã một sản phẩm", "điện mặt trời áp mái", "đèn chiếu sáng tiết kiệm điện",
]

SCOPES = [
    "trên địa bàn Thành phố", "tại các quận, huyện", "trên địa bàn huyện Đông Anh", "đến năm 2025", "đến năm 2030",
    "giai đoạn 2021-2025", "theo quy định", "đảm bảo tiến độ đề ra", "trong các khu công nghiệp, cụm công nghiệp",
    "tại các đô thị vệ tinh", "được phê duyệt", "tại huyện Đan Phượng", "tại quận Đống Đa", "tại các làng nghề",
    "dọc hai bên đê sông Hồng", "trong khu vực nội đô lịch sử", "tại các điểm dân cư nông thôn", "của Thành phố",
]

PURPOSES = [
    "nhằm nâng cao hiệu quả quản lý nhà nước", "để đánh giá kết quả thực hiện", "góp phần phát triển kinh tế - xã hội bền vững",
    "đáp ứng yêu cầu phát triển đô thị", "bảo đảm an toàn đê điều", "đạt được các chỉ tiêu đề ra",
    "đảm bảo đúng quy định của pháp luật", "tạo điều kiện thuận lợi cho doanh nghiệp đầu tư",
    "được dư luận đồng tình ủng hộ", "đến từng tổ dân phố, thôn, xóm", "để định hướng đầu tư đúng đắn",
]

REQUIREMENTS = [
    "Các đơn vị được giao nhiệm vụ chủ động xây dựng kế hoạch chi tiết, định kỳ báo cáo kết quả thực hiện.",
    "Bảo đảm sự phối hợp chặt chẽ, đồng bộ giữa các sở, ngành và chính quyền địa phương.",
    "Xác định rõ nội dung, tiến độ, trách nhiệm của từng đơn vị; đề cao vai trò người đứng đầu.",
    "Việc triển khai phải thiết thực, hiệu quả, tiết kiệm, tránh hình thức, lãng phí.",
    "Định kỳ đánh giá, rút kinh nghiệm, đề xuất điều chỉnh nội dung cho phù hợp với thực tế.",
    "Đề cao trách nhiệm của doanh nghiệp, cộng đồng dân cư trong công tác bảo vệ môi trường.",
]

FUNDING = [
    "Kinh phí thực hiện Kế hoạch được bố trí từ nguồn ngân sách Thành phố theo phân cấp hiện hành và các nguồn vốn hợp pháp khác.",
    "Các đơn vị lập dự toán kinh phí gửi Sở Tài chính thẩm định, báo cáo UBND Thành phố xem xét, quyết định.",
    "Khuyến khích huy động nguồn vốn xã hội hóa, vốn đầu tư của doanh nghiệp và đóng góp của cộng đồng.",
]

UNITS = ["Lớp", "Đoàn", "Hội nghị", "Cơ sở", "Chuyên đề", "Đợt", "Tài liệu", "Báo cáo", "Điểm", "Dự án", "Đề án", "Cuộc"]

TARGET_TEXTS = [
    "{value}% cơ sở sản xuất kinh doanh trên địa bàn được kiểm tra, đánh giá về bảo vệ môi trường",
    "{value}% cụm công nghiệp đang hoạt động có hệ thống xử lý nước thải tập trung đạt quy chuẩn",
    "{value}% chất thải rắn sinh hoạt đô thị được thu gom, vận chuyển, xử lý đảm bảo tiêu chuẩn",
    "{value}% chất thải nguy hại được thu gom, xử lý đạt quy chuẩn, tiêu chuẩn môi trường",
    "{value}% làng nghề được điều tra, đánh giá hiện trạng môi trường",
    "{value}% hồ sơ đăng ký đất đai được giải quyết đúng hạn",
    "{value}% dự án đầu tư mới được đánh giá tác động môi trường trước khi triển khai",
    "{value}% các điểm đen ô nhiễm được xử lý dứt điểm",
]

FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Đỗ", "Bùi", "Đinh", "Dương", "Đào"]
MIDDLE_NAMES = ["Văn", "Thị", "Đức", "Đình", "Mạnh", "Quang", "Minh", "Hồng", "Thanh", "Đăng"]
GIVEN_NAMES = ["Đạt", "Đông", "Hải", "Hằng", "Dũng", "Đức", "Hà", "Tuấn", "Sơn", "Lan", "Điệp", "Định", "Khoa", "Trang"]

# Legal documents cited in plans: (pattern, issuer wording). {n} number, {d}/{m}/{y} date.
CITATIONS = [
    ("Luật Bảo vệ môi trường năm 2020", None),
    ("Luật Đất đai năm 2024", None),
    ("Luật Đầu tư công năm 2019", None),
    ("Luật Thủ đô năm 2024", None),
    ("Luật Quy hoạch đô thị năm 2009", None),
    ("Nghị định số {n}/{y}/NĐ-CP ngày {d}/{m}/{y}", "Chính phủ"),
    ("Quyết định số {n}/QĐ-TTg ngày {d}/{m}/{y}", "Thủ tướng Chính phủ"),
    ("Thông tư số {n}/{y}/TT-BTNMT ngày {d}/{m}/{y}", "Bộ Tài nguyên và Môi trường"),
    ("Thông tư số {n}/{y}/TT-BCT ngày {d}/{m}/{y}", "Bộ Công Thương"),
    ("Kế hoạch số {n}/KH-UBND ngày {d}/{m}/{y}", "UBND Thành phố Hà Nội"),
    ("Chỉ thị số {n}/CT-UBND ngày {d}/{m}/{y}", "UBND Thành phố Hà Nội"),
    ("Nghị quyết số {n}/NQ-HĐND ngày {d}/{m}/{y}", "HĐND Thành phố Hà Nội"),
    ("Chương trình số {n}-CTr/TU ngày {d} tháng {m} năm {y}", "Thành ủy Hà Nội"),
]

CITATION_TOPICS = [
    "về việc phê duyệt Đề án phát triển ngành công nghiệp môi trường",
    "quy định chi tiết một số điều của Luật Bảo vệ môi trường",
    "về tăng cường công tác quản lý đất đai, đầu tư xây dựng",
    "về đẩy mạnh đầu tư phát triển hạ tầng đô thị",
    "về kiểm soát ô nhiễm không khí đến năm 2025, tầm nhìn đến năm 2030",
    "về quản lý chất thải rắn sinh hoạt trên địa bàn",
]

RECIPIENTS = [
    "Bộ Tài nguyên và Môi trường;", "Thường trực Thành ủy;", "Thường trực HĐND Thành phố;", "Chủ tịch UBND Thành phố;",
    "Các Phó Chủ tịch UBND Thành phố;", "Các Sở, ban, ngành Thành phố;", "UBND các quận, huyện, thị xã;",
    "VPUB: CVP, các PCVP, KTN, ĐT, TH;", "Lưu: VT, KTN.",
]

# Facilities of the register: (industry, facility type, what each polluted medium exceeded).
FACILITY_INDUSTRIES = [
    ("Mạ kim loại", "Cơ sở sản xuất", "wastewater", "Crom (VI) vượt QCVN 40:2011/BTNMT {x} lần"),
    ("Dệt nhuộm", "Cơ sở sản xuất", "wastewater", "COD vượt QCVN 40:2011/BTNMT {x} lần; độ màu vượt {y} lần"),
    ("Tái chế nhựa", "Cơ sở sản xuất", "emissions", "Bụi tổng vượt QCVN 19:2009/BTNMT {x} lần"),
    ("Đúc nhôm tái chế", "Cơ sở sản xuất", "emissions", "SO2 vượt QCVN 19:2009/BTNMT {x} lần"),
    ("Chế biến tinh bột", "Cơ sở sản xuất", "wastewater", "BOD5 vượt QCVN 40:2011/BTNMT {x} lần; amoni vượt {y} lần"),
    ("Giết mổ gia súc", "Cơ sở dịch vụ", "wastewater", "Coliform vượt QCVN 40:2011/BTNMT {x} lần"),
    ("Sản xuất gạch thủ công", "Cơ sở sản xuất", "emissions", "Bụi và CO vượt QCVN 19:2009/BTNMT {x} lần"),
    ("Chôn lấp chất thải", "Bãi chôn lấp", "solid_waste", "Nước rỉ rác tràn ra ngoài ô chôn lấp; amoni vượt {x} lần"),
    ("Sơn tĩnh điện", "Cơ sở sản xuất", "hazardous_waste", "Cặn sơn, giẻ lau dính dầu lưu giữ không đúng quy định"),
    ("Trạm trộn bê tông", "Cơ sở sản xuất", "noise", "Tiếng ồn vượt QCVN 26:2010/BTNMT {x} dBA"),
    ("Tái chế giấy", "Cơ sở sản xuất", "wastewater", "TSS vượt QCVN 40:2011/BTNMT {x} lần"),
    ("Chế biến gỗ", "Cơ sở sản xuất", "emissions", "Bụi gỗ vượt QCVN 19:2009/BTNMT {x} lần"),
]
FACILITY_OWNERS = ["Công ty TNHH", "Công ty cổ phần", "Hợp tác xã", "Hộ kinh doanh", "Doanh nghiệp tư nhân"]
FACILITY_NAMES = ["Đại Đồng", "Đức Thành", "Hưng Phát", "Đông Á", "Thành Đạt", "Minh Đức", "Phú Điền", "Tân Đô",
                  "Hồng Hà", "Đồng Tâm", "An Khánh", "Đại Phong", "Việt Đức", "Kim Đỉnh", "Bảo Long"]
STREETS = ["đường Đê La Thành", "đường Nguyễn Trãi", "đường Đông Anh", "đường Giải Phóng", "đường Đại Mỗ",
           "thôn Đông", "thôn Đoài", "khu công nghiệp Đông Anh", "cụm công nghiệp Phú Điền", "làng nghề Đại Bái"]
