"""Mail templates: built-in ones in both languages, admin-written ones checked and sandboxed."""

from datetime import datetime, timezone
from decimal import Decimal

import pytest

from domain.errors import DomainError
from domain.i18n import translate
from domain.mail.rendering import TEMPLATE_FIELDS, check_template, render_custom, render_mail, render_string

BIRTHDAY = {"name": "王丽", "customerName": "华东贸易有限公司", "repName": "张伟",
            "unsubscribeUrl": "http://127.0.0.1:8000/unsubscribe/7.sig"}
REMINDER = {"assigneeName": "李娜", "title": "回访 <ACME>", "dueAt": datetime(2030, 3, 4, 1, 0, tzinfo=timezone.utc),
            "customerName": "华东贸易有限公司"}
STALE = {"title": "年度采购", "customerName": "ACME", "ownerName": "Li Na", "daysSinceActivity": 14,
         "amount": Decimal("1234567.5"), "currency": "CNY"}


def test_birthday_greeting_in_chinese_is_signed_by_the_rep_and_offers_unsubscribe():
    mail = render_mail("birthday_greeting", "zh-CN", BIRTHDAY)
    assert mail.subject == "王丽，生日快乐！"
    assert "生日快乐" in mail.text and "华东贸易有限公司" in mail.text and mail.text.rstrip().endswith(
        "退订：http://127.0.0.1:8000/unsubscribe/7.sig")
    assert "张伟\n敬上" in mail.text
    assert '<html lang="zh-CN">' in mail.html and 'href="http://127.0.0.1:8000/unsubscribe/7.sig"' in mail.html


@pytest.mark.parametrize("locale", ["en", "en-US", "en-GB,en;q=0.8"])
def test_english_locales_get_the_english_template(locale):
    mail = render_mail("birthday_greeting", locale, BIRTHDAY)
    assert mail.subject == "Happy birthday, 王丽!"
    assert "Warm regards,\n张伟" in mail.text and "Unsubscribe: http://127.0.0.1:8000/unsubscribe/7.sig" in mail.text
    assert '<html lang="en">' in mail.html and "生日快乐" not in mail.html


@pytest.mark.parametrize("locale", ["zh-CN", "zh", None, "", "fr-FR"])
def test_other_locales_fall_back_to_chinese(locale):
    assert render_mail("birthday_greeting", locale, BIRTHDAY).subject == "王丽，生日快乐！"


def test_task_reminder_shows_the_due_time_in_shanghai_time_and_escapes_html():
    zh = render_mail("task_reminder", "zh-CN", REMINDER)
    en = render_mail("task_reminder", "en", REMINDER)
    assert zh.subject == "任务提醒：回访 <ACME>（2030-03-04 09:00 截止）"
    assert "截止时间：2030-03-04 09:00" in zh.text and "客户：华东贸易有限公司" in zh.text
    assert en.subject == "Reminder: 回访 <ACME> (due 2030-03-04 09:00)" and "Customer: 华东贸易有限公司" in en.text
    assert "回访 &lt;ACME&gt;" in en.html and "<ACME>" not in en.html


def test_task_reminder_without_a_customer_or_a_name_leaves_them_out():
    mail = render_mail("task_reminder", "zh-CN", {"title": "回访", "dueAt": REMINDER["dueAt"], "customerName": None})
    assert mail.text.startswith("您好：\n")
    assert "客户" not in mail.text and "客户" not in mail.html
    assert "截止时间：2030-03-04 09:00\n\n请登录" in mail.text
    assert render_mail("task_reminder", "en", {"title": "Call", "dueAt": REMINDER["dueAt"]}).text.startswith("Hello,\n")


def test_stale_opportunity_shows_days_customer_and_amount_in_both_languages():
    zh = render_mail("stale_opportunity", "zh-CN", STALE)
    en = render_mail("stale_opportunity", "en", {**STALE, "daysSinceActivity": 1})
    assert zh.subject == "商机已 14 天未跟进：年度采购"
    assert "客户：ACME" in zh.text and "金额：CNY 1,234,567.50" in zh.text and "负责人：Li Na" in zh.text
    assert en.subject == "No activity for 1 day: 年度采购" and "Amount: CNY 1,234,567.50" in en.text
    assert "CNY 1,234,567.50" in en.html


def test_generic_mail_prints_the_given_subject_and_body():
    mail = render_mail("generic", "en", {"subject": "Quarterly review\nBcc: x@example.com", "body": "Line 1\n<b>2</b>"})
    assert mail.subject == "Quarterly review Bcc: x@example.com"  # one line, whatever the value held
    assert mail.text == "Line 1\n<b>2</b>\n"
    assert "Line 1<br>\n&lt;b&gt;2&lt;/b&gt;" in mail.html


def test_every_built_in_template_exists_in_both_languages():
    for name in TEMPLATE_FIELDS:
        for locale in ("zh-CN", "en"):
            with pytest.raises(DomainError) as missing:
                render_mail(name, locale, {})
            assert missing.value.code == "INVALID_TEMPLATE" and f"{name}.{locale}" in missing.value.params["detail"]


def test_an_unknown_built_in_template_is_refused():
    with pytest.raises(DomainError) as refused:
        render_mail("newsletter", "en", {})
    assert (refused.value.code, refused.value.params) == ("UNKNOWN_TEMPLATE", {"name": "newsletter"})


def test_custom_mail_renders_subject_and_body_and_escapes_the_html_part():
    mail = render_custom("{{ name }}，您好", "尊敬的{{ name }}：\n订单 {{ number }} 已发货。", {"name": "A&B <Co>",
                                                                                       "number": "SO-1"})
    assert mail.subject == "A&B <Co>，您好"
    assert mail.text == "尊敬的A&B <Co>：\n订单 SO-1 已发货。\n"
    assert "尊敬的A&amp;B &lt;Co&gt;：<br>\n订单 SO-1 已发货。" in mail.html
    assert render_custom("Hi", "  ", {}).html is None


def test_custom_mail_names_the_part_with_the_error():
    with pytest.raises(DomainError) as refused:
        render_custom("Hi {{ name }}", "Body {{ missing }}", {"name": "A"})
    assert (refused.value.code, refused.value.field) == ("INVALID_TEMPLATE", "body")
    assert "missing" in refused.value.params["detail"]


def test_a_template_that_does_not_parse_is_refused_with_its_line():
    with pytest.raises(DomainError) as refused:
        check_template("您好 {{ name }}\n{% if %}", field="actions.0.bodyZh")
    error = refused.value
    assert (error.code, error.field) == ("INVALID_TEMPLATE", "actions.0.bodyZh")
    assert error.params["detail"].startswith("line 2:")
    assert "line 2" in error.message("en") and "模板有误" in error.message("zh-CN")


def test_an_unknown_filter_is_found_when_the_template_is_checked():
    with pytest.raises(DomainError) as refused:
        check_template("{{ name|shout }}", field="body")
    assert refused.value.code == "INVALID_TEMPLATE" and "shout" in refused.value.params["detail"]


def test_a_variable_outside_the_allowed_ones_is_named():
    allowed = {"name", "owner"}
    check_template("{{ name }} {{ owner.name }} {% for x in range(2) %}{{ loop.index }}{{ x }}{% endfor %}",
                   field="body", allowed=allowed)
    with pytest.raises(DomainError) as refused:
        check_template("{{ name }} {{ password }}", field="body", allowed=allowed)
    assert (refused.value.code, refused.value.field, refused.value.params) == ("UNKNOWN_FIELD", "body",
                                                                               {"name": "password"})
    assert translate("UNKNOWN_FIELD", "en", name="password") == "Unknown field: password"


def test_render_string_is_strict_and_sandboxed():
    assert render_string("{{ amount|money('USD') }} · {{ at|local_time }}", {
        "amount": Decimal("9.5"), "at": "2030-01-01T16:30:00+00:00"}) == "USD 9.50 · 2030-01-02 00:30"
    with pytest.raises(DomainError) as undefined:
        render_string("Hello\n{{ contact.name }}", {})
    assert undefined.value.code == "INVALID_TEMPLATE" and undefined.value.params["detail"].startswith("line 2:")
    with pytest.raises(DomainError) as unsafe:
        render_string("{{ ''.__class__.__mro__ }}", {})
    assert unsafe.value.code == "INVALID_TEMPLATE" and "unsafe" in unsafe.value.params["detail"]


@pytest.mark.parametrize("code", ["INVALID_TEMPLATE", "UNKNOWN_FIELD", "UNKNOWN_TEMPLATE", "MAIL_NOT_SENT",
                                  "INVALID_MAIL_HEADER", "INVALID_UNSUBSCRIBE_LINK"])
def test_every_mail_error_has_a_chinese_and_an_english_message(code):
    zh, en = translate(code, "zh-CN", detail="x", name="x"), translate(code, "en", detail="x", name="x")
    assert zh != code and en != code and zh != en
