"""The customer columns of import and export files: labels in both languages, accepted headers."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from domain.errors import DomainError
from domain.i18n import normalise_locale


@dataclass(frozen=True)
class Column:
    """One column: ``key`` names the value; ``field`` is the API field its errors are reported on."""

    key: str
    zh: str
    en: str
    aliases: tuple[str, ...] = ()
    field: str | None = None
    readable_as: tuple[tuple[str, str], ...] = ()  # GraphQL (type, field) a viewer must read to export it
    sensitive: str | None = None  # Sensitive.<Type>.<field> object that reveals it in full
    importable: bool = True

    def label(self, locale: str | None) -> str:
        return self.en if normalise_locale(locale) == "en" else self.zh


def _c(key, zh, en, aliases=(), field=None, read=None, sensitive=None, importable=True) -> Column:
    api = field or key
    return Column(key, zh, en, aliases, api, ((("Customer", api),) if read is None else read), sensitive, importable)


_CONTACT = ("Customer", "contacts")
COLUMNS: tuple[Column, ...] = (
    _c("code", "客户编码", "Code", ("编码", "客户代码", "客户编号")),
    _c("name", "客户名称", "Name", ("名称", "客户", "公司名称", "公司", "customer", "customer name", "company")),
    _c("kind", "类型", "Kind", ("客户类型", "type")),
    _c("industry", "行业", "Industry", ("所属行业",)),
    _c("province", "省份", "Province", ("省",)),
    _c("city", "城市", "City", ("市",)),
    _c("level", "级别", "Level", ("客户级别", "等级")),
    _c("source", "来源", "Source", ("客户来源",)),
    _c("stage", "阶段", "Stage", ("生命周期", "lifecycle stage")),
    _c("tags", "标签", "Tags", ("tag",)),
    _c("phone", "电话", "Phone", ("手机", "手机号", "手机号码", "联系电话", "mobile"), sensitive="Customer.phone"),
    _c("email", "邮箱", "Email", ("电子邮箱", "邮件", "e-mail"), sensitive="Customer.email"),
    _c("id_number", "证件号码", "ID number", ("证件号", "身份证号", "身份证号码"), field="idNumber",
       sensitive="Customer.idNumber"),
    _c("birthday", "生日", "Birthday", ("出生日期",)),
    _c("owner", "负责人", "Owner", ("所有人", "销售", "owner username"),
       read=(("Customer", "owner"), ("User", "username"))),
    _c("contact_name", "联系人", "Contact name", ("联系人姓名", "contact"), field="contact.name",
       read=(_CONTACT, ("Contact", "name"))),
    _c("contact_title", "联系人职位", "Contact title", ("职位", "title"), field="contact.title",
       read=(_CONTACT, ("Contact", "title"))),
    _c("contact_phone", "联系人电话", "Contact phone", ("联系人手机",), field="contact.phone",
       read=(_CONTACT, ("Contact", "phone")), sensitive="Contact.phone"),
    _c("contact_email", "联系人邮箱", "Contact email", (), field="contact.email",
       read=(_CONTACT, ("Contact", "email")), sensitive="Contact.email"),
    _c("notes", "备注", "Notes", ("note", "remarks", "说明")),
    _c("last_interaction_at", "最近跟进时间", "Last interaction", (), field="lastInteractionAt", importable=False),
    _c("created_at", "创建时间", "Created at", (), field="createdAt", importable=False),
)
BY_KEY = {column.key: column for column in COLUMNS}
TAG_SEPARATORS = re.compile(r"[,，;；|、]")


def header_key(text: str) -> str:
    """A header reduced for matching: width-folded, lower case, no spaces, marks or hints like "(必填)"."""
    folded = unicodedata.normalize("NFKC", str(text)).strip().lower()
    folded = re.sub(r"\(.*?\)|\[.*?\]", "", folded)
    return re.sub(r"[\s_\-*:：.]+", "", folded)


_HEADERS = {header_key(alias): column.key for column in COLUMNS if column.importable
            for alias in (column.key, column.zh, column.en, *column.aliases)}


@dataclass(frozen=True)
class ColumnMap:
    """Where each known column sits in a file, and the header as the file wrote it."""

    positions: dict[str, int]
    headers: dict[str, str]
    custom: dict[str, int]
    ignored: list[str]

    def header(self, key: str) -> str:
        return self.headers.get(key, key)


def map_headers(headers: list[str], custom_fields: dict) -> ColumnMap:
    """Match a file's headers to columns (Chinese or English) and custom fields; the name column is required."""
    custom_headers = {header_key(alias): key for key, d in custom_fields.items()
                      for alias in (key, d.label_zh, d.label_en)}
    positions: dict[str, int] = {}
    written: dict[str, str] = {}
    custom: dict[str, int] = {}
    ignored: list[str] = []
    for index, header in enumerate(headers):
        reduced = header_key(header or "")
        key = _HEADERS.get(reduced)
        if key is not None and key not in positions:
            positions[key], written[key] = index, str(header).strip()
        elif reduced in custom_headers and custom_headers[reduced] not in custom:
            custom[custom_headers[reduced]] = index
            written[f"customFields.{custom_headers[reduced]}"] = str(header).strip()
        elif reduced:
            ignored.append(str(header).strip())
    if "name" not in positions:
        raise DomainError("MISSING_COLUMN", field="file", column="客户名称 / Name")
    return ColumnMap(positions=positions, headers=written, custom=custom, ignored=ignored)


def split_tags(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return [part.strip() for part in TAG_SEPARATORS.split(text) if part.strip()]


# Choice values and their Chinese labels; imports accept either, exports write the viewer's language.
CHOICE_LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "kind": {"company": ("企业", "公司"), "individual": ("个人",)},
    "stage": {"lead": ("线索",), "prospect": ("商机", "意向客户"), "customer": ("客户", "成交客户"),
              "churned": ("流失", "流失客户")},
}
_CHOICES = {(key, alias): value for key, values in CHOICE_LABELS.items()
            for value, labels in values.items() for alias in (value, *labels)}


def choice_value(key: str, text: str | None) -> str | None:
    """The stored value for a kind, stage or level as a file wrote it (Chinese labels accepted)."""
    if text is None:
        return None
    if key == "level":
        return text.strip().upper()
    folded = text.strip().lower()
    return _CHOICES.get((key, folded), folded)


def choice_label(key: str, value: str | None, locale: str | None) -> str | None:
    labels = CHOICE_LABELS.get(key, {}).get(value or "")
    if not labels or normalise_locale(locale) == "en":
        return value
    return labels[0]
