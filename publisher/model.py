"""The typed content model: what each content file may contain.

Unknown keys are errors, closed lists are enums, and text parsed from the documents
(timeframes, legal references) sits beside the original wording, never instead of it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from enum import Enum
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=120)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=500)]
LongText = Annotated[str, StringConstraints(min_length=1, max_length=200_000)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"']+$", max_length=2000)]
Year = Annotated[int, Field(ge=1945, le=2100)]
SitePath = Annotated[str, StringConstraints(pattern=r"^/([a-z0-9]+(-[a-z0-9]+)*/)*(#[a-z0-9]+(-[a-z0-9]+)*)?$", max_length=250)]
ItemRef = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*#[a-z0-9]+(-[a-z0-9]+)*$", max_length=250)]


class Record(BaseModel):
    """Base of every content record: unknown keys are errors, values are checked as given."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _written_plainly(cls, value: Any, info) -> Any:
        """Booleans, numbers and dates come from YAML as text; only their plain YAML 1.2 form is taken."""
        annotation = cls.model_fields[info.field_name].annotation
        return plain_scalar(annotation, value) if _has_plain_scalar(annotation) else value


# A boolean, number or date is taken only as YAML 1.2 writes it. What YAML 1.1 or Python would also
# read (yes/on/1, 012, 1_000, +5, 2025.0, .nan, inf) is refused, never guessed.
BOOLEAN_WORDS = {"true", "false", "True", "False", "TRUE", "FALSE"}
INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")
DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")
FIRST_DATE, LAST_DATE = dt.date(1945, 1, 1), dt.date(2100, 12, 31)


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@functools.cache
def _has_plain_scalar(annotation: Any) -> bool:
    """Whether plain_scalar can refuse a value of this annotation (with no boolean, number or date
    in it, it takes every value as it is): most fields are text, and validation is on every value."""
    return annotation in (bool, int, float, dt.date) or any(_has_plain_scalar(arg) for arg in get_args(annotation))


def plain_scalar(annotation: Any, value: Any) -> Any:
    """value checked against the plain form of the scalar type inside annotation (Optional, list, Annotated)."""
    origin = get_origin(annotation)
    if origin is list and isinstance(value, list):
        return [plain_scalar(get_args(annotation)[0], item) for item in value]
    if origin is not None:
        kinds = [arg for arg in get_args(annotation) if arg is not type(None)]
        return plain_scalar(kinds[0], value) if len(kinds) == 1 or origin is Annotated else value
    if not isinstance(value, str):
        return value
    if annotation is bool and value not in BOOLEAN_WORDS:
        raise PydanticCustomError("bool_parsing", "phải là true hoặc false")
    if annotation is int and not INTEGER.fullmatch(value) and _numeric(value):
        raise PydanticCustomError(
            "int_written", f"số {value!r} phải viết bằng chữ số liền nhau, không có số 0 ở đầu, dấu '+', '_' hay phần thập phân, ví dụ 2025",
        )
    if annotation is float and not DECIMAL.fullmatch(value) and _numeric(value):
        raise PydanticCustomError(
            "float_written", f"số {value!r} phải viết bằng chữ số, phần thập phân sau dấu chấm, ví dụ 4.5 (không dùng '_', '+', nan hay inf)",
        )
    if annotation is dt.date and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return value
        if not FIRST_DATE <= day <= LAST_DATE:
            raise PydanticCustomError(
                "date_range", f"ngày {value!r} nằm ngoài khoảng 1945-01-01 đến 2100-12-31; kiểm tra lại năm"
            )
    return value


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


class RelatedPage(Record):
    """A page of this site that carries on what a task or target asks for."""

    title: ShortText = Field(description="Chữ của liên kết, ví dụ 'Danh sách cơ sở gây ô nhiễm môi trường nghiêm trọng'")
    path: SitePath = Field(description="Địa chỉ trang trên trang web này, ví dụ '/co-so-o-nhiem/'")


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
    related: list[RelatedPage] = Field(default_factory=list, description="Trang liên quan trên trang web này")


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
    related: list[RelatedPage] = Field(default_factory=list, description="Trang liên quan trên trang web này")


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

    def agency_ids(self) -> tuple[str, ...]:
        """Every agency it names, each once: its issuer, its duties' agencies, its tasks' leads and
        coordinating agencies (in that order)."""
        ids = [self.issuer] + [agency_id for duty in self.duties for agency_id in duty.agencies]
        ids += [agency_id for task in self.tasks for agency_id in (task.lead, *task.coordinating)]
        return tuple(dict.fromkeys(ids))


# ---------------------------------------------------------------------------------------------
# The register of seriously polluting facilities (KH 75/2012, section II.1.1)


class FacilityStatus(str, Enum):
    """Where a facility stands; the last three end its time on the list (NĐ 19/2015, điều 36)."""

    listed = "listed"  # bị đưa vào danh sách
    treating = "treating"  # đang xử lý
    certified_complete = "certified_complete"  # được xác nhận hoàn thành xử lý triệt để
    relocated = "relocated"  # đã di dời
    closed = "closed"  # đã đóng cửa, chấm dứt hoạt động


FINISHED_STATUSES = frozenset({FacilityStatus.certified_complete, FacilityStatus.relocated, FacilityStatus.closed})


class FacilityMeasure(str, Enum):
    """The measure the listing decision requires."""

    treat = "treat"  # xử lý triệt để
    relocate = "relocate"  # di dời
    close = "close"  # đóng cửa, đình chỉ


class PollutionMedium(str, Enum):
    wastewater = "wastewater"  # nước thải
    emissions = "emissions"  # khí thải
    solid_waste = "solid_waste"  # chất thải rắn
    hazardous_waste = "hazardous_waste"  # chất thải nguy hại
    noise = "noise"  # tiếng ồn


class Decision(Record):
    """A decision of an authority: number and date as written, issuer by agency id."""

    number: ShortText = Field(description="Số hiệu, ví dụ '1788/QĐ-TTg'")
    date: dt.date = Field(description="Ngày ban hành, dạng 2023-11-20")
    issuer: Slug = Field(description="Mã cơ quan ban hành")
    title: Text | None = Field(None, description="Trích yếu, nguyên văn")
    url: Url | None = Field(None, description="Địa chỉ văn bản trên mạng")


class Coordinates(Record):
    latitude: Annotated[float, Field(ge=20.4, le=21.5)] = Field(description="Vĩ độ (WGS 84), trong địa giới Hà Nội")
    longitude: Annotated[float, Field(ge=105.2, le=106.1)] = Field(description="Kinh độ (WGS 84), trong địa giới Hà Nội")


class Pollution(Record):
    medium: PollutionMedium = Field(description="Thành phần môi trường bị ô nhiễm: wastewater (nước thải), emissions (khí thải), solid_waste (chất thải rắn), hazardous_waste (chất thải nguy hại), noise (tiếng ồn)")
    exceeded: Text = Field(description="Thông số vượt quy chuẩn và mức vượt, nguyên văn, ví dụ 'COD vượt QCVN 40:2011/BTNMT 3,2 lần'")


class StatusEvent(Record):
    status: FacilityStatus = Field(description="listed (bị đưa vào danh sách), treating (đang xử lý), certified_complete (được xác nhận hoàn thành xử lý), relocated (đã di dời), closed (đã đóng cửa)")
    date: dt.date = Field(description="Ngày của bước này")
    decision: Decision | None = Field(None, description="Quyết định xác nhận, nếu có")
    source: SourceRef = Field(description="Nguồn cho bước này")
    note: Text | None = Field(None, description="Ghi chú")


class Facility(Record):
    """One facility on the list of seriously polluting facilities: one file each."""

    id: Slug = Field(description="Mã cơ sở, trùng tên tệp, ví dụ co-so-det-nhuom-a")
    sample: bool = Field(False, description="Dữ liệu minh họa, không phải cơ sở có thật")
    name: ShortText = Field(description="Tên cơ sở, nguyên văn theo quyết định")
    address: ShortText = Field(description="Địa chỉ, nguyên văn")
    commune: ShortText = Field(description="Xã, phường (sau ngày 01/7/2025)")
    district: ShortText = Field(description="Quận, huyện, thị xã cũ (trước ngày 01/7/2025)")
    coordinates: Coordinates | None = Field(None, description="Tọa độ, khi biết")
    facility_type: ShortText = Field(description="Loại cơ sở, ví dụ 'Cơ sở sản xuất', 'Bãi chôn lấp'")
    industry: ShortText = Field(description="Ngành nghề, ví dụ 'Mạ kim loại'")
    managing_body: ShortText = Field(description="Cơ quan quản lý trực tiếp, nguyên văn")
    pollution: list[Pollution] = Field(min_length=1, description="Mỗi thành phần môi trường bị ô nhiễm và chỉ tiêu vượt quy chuẩn")
    listed_by: list[Decision] = Field(min_length=1, description="Quyết định đưa cơ sở vào danh sách")
    lists: list[Year] = Field(min_length=1, description="Các năm có danh sách công bố ghi tên cơ sở")
    measure: FacilityMeasure = Field(description="Biện pháp bắt buộc: treat (xử lý triệt để), relocate (di dời), close (đóng cửa, đình chỉ)")
    deadline: dt.date = Field(description="Thời hạn thực hiện biện pháp")
    lead: Slug = Field(description="Mã cơ quan chủ trì theo dõi, xử lý")
    coordinating: list[Slug] = Field(default_factory=list, description="Mã các cơ quan phối hợp")
    status_history: list[StatusEvent] = Field(min_length=1, description="Từ cũ đến mới, bắt đầu bằng 'listed'")
    sources: list[SourceRef] = Field(min_length=1, description="Nguồn thông tin về cơ sở")
    last_verified: dt.date = Field(description="Ngày biên tập viên kiểm tra lần cuối")
    note: Text | None = Field(None, description="Ghi chú")


class FacilityList(Record):
    """The list published for one year (file facility-lists/<year>.yml). No file: no list that year."""

    year: Year = Field(description="Năm của danh sách, trùng tên tệp")
    sample: bool = Field(False, description="Dữ liệu minh họa, không phải danh sách có thật")
    decision: Decision | None = Field(None, description="Quyết định công bố danh sách (bắt buộc)")
    note: Text | None = Field(None, description="Ghi chú")
    sources: list[SourceRef] = Field(default_factory=list, description="Nguồn")


# ---------------------------------------------------------------------------------------------
# Implementation status: progress reports per task, measured values per target (plans/<id>/tien-do.yml)


class TaskStatus(str, Enum):
    """A task's status as a progress report states it."""

    not_started = "not_started"  # chưa triển khai
    in_progress = "in_progress"  # đang thực hiện
    completed = "completed"  # hoàn thành
    not_implemented = "not_implemented"  # không thực hiện (kèm lý do)


FINISHED_TASK_STATUSES = frozenset({TaskStatus.completed, TaskStatus.not_implemented})


class Evidence(Record):
    """The document a report rests on: a report's number and date, and a link when there is one."""

    number: ShortText | None = Field(None, description="Số hiệu văn bản báo cáo, ví dụ '123/BC-SCT'")
    date: dt.date | None = Field(None, description="Ngày của văn bản báo cáo, dạng NNNN-TT-NN")
    title: Text | None = Field(None, description="Tên hoặc trích yếu văn bản báo cáo")
    url: Url | None = Field(None, description="Địa chỉ công khai của văn bản báo cáo (http:// hoặc https://)")


class ProgressReport(Record):
    date: dt.date = Field(description="Ngày của báo cáo tiến độ, dạng NNNN-TT-NN (không sau ngày dữ liệu)")
    status: TaskStatus = Field(description="Tình trạng: not_started (chưa triển khai), in_progress (đang thực hiện), completed (hoàn thành), not_implemented (không thực hiện, phải ghi lý do)")
    year: Year | None = Field(None, description="Nhiệm vụ 'Hằng năm': năm được báo cáo; bỏ trống thì lấy năm của ngày báo cáo")
    reason: Text | None = Field(None, description="Lý do không thực hiện (bắt buộc khi status là not_implemented)")
    note: Text | None = Field(None, description="Ghi chú ngắn về kết quả")
    evidence: list[Evidence] = Field(default_factory=list, description="Văn bản làm bằng chứng: số, ngày, liên kết")


class Measurement(Record):
    date: dt.date = Field(description="Ngày của số liệu đo, dạng NNNN-TT-NN (không sau ngày dữ liệu)")
    value: float = Field(description="Giá trị đo được, cùng đơn vị với chỉ tiêu, ví dụ 60")
    note: Text | None = Field(None, description="Ghi chú, ví dụ cách tính")
    evidence: list[Evidence] = Field(default_factory=list, description="Văn bản làm bằng chứng: số, ngày, liên kết")


class PlanProgress(Record):
    """Progress of one plan's tasks and targets, kept apart from the plan's verbatim text."""

    id: Slug = Field(description="Mã kế hoạch, trùng tên thư mục, ví dụ 'kh-75-2012'")
    sample: bool = Field(False, description="Dữ liệu minh họa, không phải báo cáo có thật")
    tasks: dict[str, list[ProgressReport]] = Field(
        default_factory=dict,
        description="Báo cáo tiến độ theo nhiệm vụ: khóa là neo của dòng nhiệm vụ (ví dụ 'nv-1', 'nv-i-2'), "
        "giá trị là danh sách báo cáo từ cũ đến mới",
        json_schema_extra={"propertyNames": {"pattern": "^nv(-[a-z0-9]+)+$", "examples": ["nv-1"]}},
    )
    targets: dict[str, list[Measurement]] = Field(
        default_factory=dict,
        description="Giá trị đo được theo chỉ tiêu: khóa là neo của chỉ tiêu (ví dụ 'ct-3-1'), giá trị là danh sách "
        "số liệu từ cũ đến mới",
        json_schema_extra={"propertyNames": {"pattern": "^ct(-[a-z0-9]+)+$", "examples": ["ct-1"]}},
    )


# ---------------------------------------------------------------------------------------------
# Legal documents cited by plans (optional editor files legal-documents/<id>.yml)


class LegalStatus(str, Enum):
    in_force = "in_force"  # còn hiệu lực
    expired = "expired"  # hết hiệu lực


class LegalDocument(Record):
    """What an editor adds to a document the plans cite: the record itself comes from the citations."""

    id: Slug = Field(description="Mã văn bản như trong địa chỉ trang /van-ban/<mã>/, trùng tên tệp, ví dụ 'qd-192-qd-ttg-2017'")
    title: Text | None = Field(None, description="Trích yếu của văn bản, nguyên văn")
    issuer: ShortText | None = Field(None, description="Cơ quan ban hành, tên đầy đủ")
    url: Url | None = Field(None, description="Địa chỉ chính thức của văn bản (http:// hoặc https://)")
    status: LegalStatus | None = Field(None, description="Hiệu lực: in_force (còn hiệu lực) hoặc expired (hết hiệu lực)")
    note: Text | None = Field(None, description="Ghi chú của biên tập viên, ví dụ văn bản thay thế")
