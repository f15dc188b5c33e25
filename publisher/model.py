"""The typed content model: what each content file may contain.

Unknown keys are errors, closed lists are enums, and text parsed from the documents
(timeframes, legal references) sits beside the original wording, never instead of it.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=120)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=500)]
LongText = Annotated[str, StringConstraints(min_length=1, max_length=200_000)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"']+$", max_length=2000)]
Year = Annotated[int, Field(ge=1945, le=2100)]
ItemRef = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*#[a-z0-9]+(-[a-z0-9]+)*$", max_length=250)]


class Record(BaseModel):
    """Base of every content record: unknown keys are errors, values are checked as given."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# ---------------------------------------------------------------------------------------------
# Closed vocabularies


class AgencyKind(str, Enum):
    """Kinds of agencies and parties named in plans."""

    peoples_committee = "peoples_committee"  # Ủy ban nhân dân
    department = "department"  # Sở
    management_board = "management_board"  # Ban quản lý
    police = "police"  # Công an
    party_body = "party_body"  # cơ quan Đảng
    steering_committee = "steering_committee"  # Ban chỉ đạo
    ministry = "ministry"  # Bộ
    collective = "collective"  # nhóm đơn vị: "UBND các quận, huyện", "các doanh nghiệp"


class LineageChange(str, Enum):
    """How an agency came out of its predecessor."""

    merged = "merged"  # hợp nhất: several bodies became a new one
    absorbed = "absorbed"  # sáp nhập: the predecessor was merged into this existing body
    renamed = "renamed"  # đổi tên
    split = "split"  # tách ra
    transferred = "transferred"  # nhiệm vụ chuyển giao khi cấp cũ bị bãi bỏ


class VersionStatus(str, Enum):
    draft = "draft"  # Dự thảo
    issued = "issued"  # Ban hành
    expired = "expired"  # Hết hiệu lực


class TargetUnit(str, Enum):
    percent = "percent"
    count = "count"


# ---------------------------------------------------------------------------------------------
# Shared pieces


class SourceRef(Record):
    """Where a fact comes from: the document's wording, and a link when there is one."""

    text: Text = Field(description="Tên văn bản nguồn, đúng như trong văn bản")
    url: Url | None = Field(None, description="Địa chỉ công khai của văn bản nguồn")


class LegalReference(Record):
    """A document a plan cites, in its original wording; number, type and date are parsed from it."""

    text: ShortText = Field(description="Trích dẫn nguyên văn, ví dụ 'Quyết định số 192/QĐ-TTg ngày 13/02/2017'")
    title: Text | None = Field(None, description="Trích yếu (nội dung) của văn bản, nguyên văn")
    issuer_text: ShortText | None = Field(None, description="Cơ quan ban hành như văn bản viết, nếu có")
    url: Url | None = Field(None, description="Địa chỉ công khai của văn bản (http:// hoặc https://)")


# ---------------------------------------------------------------------------------------------
# Site, series, agencies


class Site(Record):
    title: ShortText = Field(description="Tên trang web")
    description: Text = Field(description="Mô tả ngắn của trang web, hiện ở trang chủ")
    as_of: dt.date = Field(description="Ngày dữ liệu: mọi phép tính 'quá hạn' và ngày hiển thị theo ngày này")
    publisher: ShortText = Field(description="Đơn vị biên tập")
    repository_url: Url | None = Field(None, description="Địa chỉ kho mã nguồn của nội dung (không bắt buộc)")


class Series(Record):
    id: Slug = Field(description="Mã chuỗi: chữ thường không dấu nối bằng '-', trùng tên tệp")
    title: ShortText = Field(description="Tên chuỗi kế hoạch")
    description: Text | None = Field(None, description="Mô tả chuỗi kế hoạch")


class Predecessor(Record):
    agency: Slug = Field(description="Mã cơ quan tiền thân")
    change: LineageChange = Field(description="Kiểu thay đổi: merged (hợp nhất), absorbed (sáp nhập vào cơ quan này), renamed (đổi tên), split (tách ra), transferred (chuyển giao nhiệm vụ)")
    date: dt.date = Field(description="Ngày thay đổi có hiệu lực")
    source: SourceRef = Field(description="Văn bản quyết định việc sắp xếp")


class Agency(Record):
    id: Slug = Field(description="Mã cơ quan: chữ thường không dấu nối bằng '-', trùng tên tệp, ví dụ 'so-cong-thuong'")
    name: ShortText = Field(description="Tên chính thức")
    short_name: ShortText | None = Field(None, description="Tên viết tắt, ví dụ 'BQL các KCN và CX'")
    aliases: list[ShortText] = Field(default_factory=list, description="Mọi cách viết tên gặp trong văn bản")
    kind: AgencyKind = Field(description="Loại: peoples_committee (Ủy ban nhân dân), department (Sở), management_board (Ban quản lý), police (Công an), party_body (cơ quan Đảng), steering_committee (Ban chỉ đạo), ministry (Bộ), collective (nhóm đơn vị)")
    parent: Slug | None = Field(None, description="Cơ quan cấp trên (mã)")
    description: Text | None = Field(None, description="Giới thiệu cơ quan (Markdown, không có HTML)")
    valid_from: dt.date | None = Field(None, description="Ngày bắt đầu hoạt động, dạng NNNN-TT-NN")
    valid_to: dt.date | None = Field(None, description="Ngày thôi hoạt động (sáp nhập, giải thể), dạng NNNN-TT-NN")
    predecessors: list[Predecessor] = Field(default_factory=list, description="Các cơ quan tiền thân và cách chúng thành cơ quan này")
    sources: list[SourceRef] = Field(default_factory=list, description="Văn bản nguồn về cơ quan")


# ---------------------------------------------------------------------------------------------
# Plans


class Signer(Record):
    name: ShortText | None = Field(None, description="Người ký; để trống nếu văn bản không ghi")
    title: ShortText = Field(description="Chức vụ, ví dụ 'Phó Chủ tịch'")
    authority: ShortText = Field(description="Thẩm quyền ký, ví dụ 'TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH'")


class Version(Record):
    """One version of a plan's text: a draft without number, or the issued document."""

    id: Slug = Field(description="Mã phiên bản, ví dụ 'du-thao' hoặc 'ban-hanh'")
    label: ShortText = Field(description="Tên phiên bản, ví dụ 'Dự thảo (chưa đánh số)'")
    status: VersionStatus = Field(description="Tình trạng: draft (dự thảo), issued (ban hành), expired (hết hiệu lực)")
    number: ShortText | None = Field(None, description="Số hiệu, ví dụ '275/KH-UBND'; trống nếu chưa đánh số")
    date: dt.date | None = Field(None, description="Ngày ban hành; trống nếu chưa có")
    year_written: Year | None = Field(None, description="Năm ghi trên dự thảo khi ngày để trống")
    source_file: ShortText = Field(description="Tệp văn bản gốc, đặt cạnh plan.yml")
    official_url: Url | None = Field(None, description="Địa chỉ bản chính thức trên cổng thông tin, nếu có")
    note: Text | None = Field(None, description="Ghi chú của biên tập viên về phiên bản này")


class Target(Record):
    number: ShortText = Field(description="Số chỉ tiêu như văn bản ghi, ví dụ '3.1'")
    text: Text = Field(description="Nguyên văn chỉ tiêu")
    value: float | None = Field(None, description="Giá trị số của chỉ tiêu, ví dụ 100")
    unit: TargetUnit | None = Field(None, description="Đơn vị của giá trị: percent (phần trăm) hoặc count (số lượng)")
    aspirational: bool = Field(False, description="Chỉ tiêu 'phấn đấu'")
    continues: ItemRef | None = Field(
        None, description="Chỉ tiêu này tiếp nối chỉ tiêu nào của kế hoạch trước: 'mã-kế-hoạch#ct-số', ví dụ 'kh-75-2012#ct-3-1'"
    )


class TaskGroup(Record):
    number: ShortText = Field(description="Số La Mã của nhóm: I, II, ...")
    title: Text = Field(description="Tên nhóm nhiệm vụ, nguyên văn")


class Task(Record):
    number: ShortText = Field(description="Số thứ tự trong bảng (STT/TT)")
    group: ShortText | None = Field(None, description="Nhóm (số La Mã) nếu bảng chia nhóm")
    title: Text = Field(description="Tên nhiệm vụ, nguyên văn")
    lead: Slug = Field(description="Mã cơ quan chủ trì")
    lead_text: ShortText = Field(description="Cơ quan chủ trì, nguyên văn")
    coordinating: list[Slug] = Field(default_factory=list, description="Mã các cơ quan phối hợp")
    coordinating_text: Text | None = Field(None, description="Cơ quan phối hợp, nguyên văn")
    unit: ShortText | None = Field(None, description="Đơn vị tính, ví dụ 'Lớp'")
    quantity: Annotated[str, StringConstraints(pattern=r"^\d{1,6}$")] | None = Field(
        None, description="Số lượng, nguyên văn, ví dụ '02'"
    )
    timeframe: ShortText = Field(description="Thời gian thực hiện, nguyên văn")
    continues: ItemRef | None = Field(
        None,
        description="Nhiệm vụ này tiếp nối nhiệm vụ nào của kế hoạch trước: 'mã-kế-hoạch#neo', "
        "ví dụ 'kh-bvmt-cong-thuong-2024#nv-1' (neo là phần sau dấu # trong địa chỉ dòng nhiệm vụ)",
    )


class Duty(Record):
    """One numbered subsection of 'Tổ chức thực hiện': an agency (or group) and its duties."""

    heading: ShortText = Field(description="Tiêu đề mục, nguyên văn, ví dụ '1. Sở Công Thương'")
    agencies: list[Slug] = Field(min_length=1, description="Mã các cơ quan được giao trong mục này")
    text: LongText = Field(description="Nhiệm vụ, Markdown, nguyên văn")


class Plan(Record):
    id: Slug = Field(description="Mã kế hoạch: chữ thường không dấu nối bằng '-', trùng tên thư mục, ví dụ 'kh-275-2023'")
    title: Text = Field(description="Tên kế hoạch, nguyên văn")
    issuer: Slug = Field(description="Mã cơ quan ban hành")
    series: Slug | None = Field(None, description="Mã chuỗi kế hoạch hằng năm (tệp content/series/<mã>.yml), nếu có")
    year: Year = Field(description="Năm của kế hoạch (năm ban hành, hoặc năm kế hoạch trong một chuỗi)")
    period_start: Year = Field(description="Năm bắt đầu thời kỳ thực hiện")
    period_end: Year = Field(description="Năm kết thúc thời kỳ thực hiện")
    summary: Text = Field(description="Tóm tắt một hai câu cho danh sách và tìm kiếm")
    versions: list[Version] = Field(min_length=1, description="Các phiên bản văn bản, cũ trước mới sau (dự thảo, rồi ban hành)")
    signer: Signer = Field(description="Khối chữ ký cuối văn bản")
    legal_basis: list[LegalReference] = Field(default_factory=list, description="Căn cứ: các văn bản được viện dẫn ở đầu kế hoạch")
    targets: list[Target] = Field(default_factory=list, description="Các chỉ tiêu được đánh số trong phần mục tiêu")
    groups: list[TaskGroup] = Field(default_factory=list, description="Các nhóm của bảng nhiệm vụ (I, II, ...), nếu bảng chia nhóm")
    tasks: list[Task] = Field(default_factory=list, description="Bảng nhiệm vụ của phụ lục, từng dòng")
    duties_intro: Text | None = Field(None, description="Đoạn mở đầu phần 'Tổ chức thực hiện' (Markdown)")
    duties: list[Duty] = Field(default_factory=list, description="Phần 'Tổ chức thực hiện': mỗi mục đánh số một phần tử")
    duties_closing: Text | None = Field(None, description="Đoạn kết phần 'Tổ chức thực hiện' (Markdown)")
    recipients: list[ShortText] = Field(default_factory=list, description="Nơi nhận, nguyên văn")
    appendix_title: Text | None = Field(None, description="Tên phụ lục, nguyên văn")
