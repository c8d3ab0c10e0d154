"""User-facing messages in Simplified Chinese and English, looked up by error code."""

from __future__ import annotations

SUPPORTED_LOCALES = ("zh-CN", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    # code: (zh-CN, en)
    "NOT_FOUND": ("记录不存在或无权访问", "Record not found or not accessible"),
    "FORBIDDEN": ("无权访问该字段或操作", "You are not allowed to access this field or action"),
    "UNAUTHENTICATED": ("请先登录", "Please sign in first"),
    "INVALID_INPUT": ("输入无效", "Invalid input"),
    "REQUIRED": ("此项为必填", "This field is required"),
    "TOO_LONG": ("内容过长", "Value is too long"),
    "DUPLICATE": ("记录已存在", "A record with this value already exists"),
    "INTERNAL": ("服务器内部错误，请稍后重试", "Internal server error, please try again later"),
    "QUERY_TOO_LARGE": ("查询内容过大（超过 {limit} 字节）", "Query is too large (over {limit} bytes)"),
    "MALFORMED_REQUEST": ("请求格式错误：{detail}", "Malformed request: {detail}"),
    "QUERY_TOO_DEEP": ("查询嵌套过深（上限 {limit} 层）", "Query is nested too deeply (limit {limit})"),
    "TOO_MANY_ALIASES": ("查询别名过多（上限 {limit} 个）", "Too many aliases in the query (limit {limit})"),
    "TOO_MANY_TOKENS": ("查询过于复杂（上限 {limit} 个词元）", "Query is too complex (limit {limit} tokens)"),
    "PAGE_TOO_LARGE": ("每页最多 {limit} 条", "At most {limit} rows per page"),
    "INVALID_CURSOR": ("分页游标无效", "Invalid pagination cursor"),
    "INVALID_CREDENTIALS": ("用户名或密码错误", "Incorrect username or password"),
    "ACCOUNT_LOCKED": ("尝试次数过多，请 {minutes} 分钟后再试", "Too many attempts, try again in {minutes} minutes"),
    "TOKEN_EXPIRED": ("登录已过期，请重新登录", "Your session has expired, please sign in again"),
    "TOKEN_INVALID": ("登录凭证无效", "Invalid credentials token"),
    "TOKEN_REUSED": ("刷新令牌已被使用，为安全起见已注销该会话", "Refresh token was already used; the session has been revoked for safety"),
    "WEAK_PASSWORD": ("密码至少 10 位，且不能是演示密码", "Password must have at least 10 characters and must not be a demo password"),
    "UNKNOWN_ROLE": ("未知角色：{role}", "Unknown role: {role}"),
    "INVALID_EMAIL": ("邮箱格式不正确", "Invalid e-mail address"),
    "INVALID_PHONE": ("手机号格式不正确", "Invalid phone number"),
    "USER_DISABLED": ("该账号已停用", "This account is disabled"),
    "TEAM_CYCLE": ("团队层级不能形成循环", "Teams cannot be nested in a cycle"),
    "INVALID_POLICY": ("权限规则无效：{detail}", "Invalid policy rule: {detail}"),
}


def normalise_locale(value: str | None) -> str:
    """Map an Accept-Language header or user preference to a supported locale."""
    if not value:
        return "zh-CN"
    for part in value.split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("en"):
            return "en"
        if tag.startswith("zh"):
            return "zh-CN"
    return "zh-CN"


def translate(code: str, locale: str | None = None, **params: object) -> str:
    """The message for ``code`` in ``locale``; unknown codes fall back to the code itself."""
    pair = MESSAGES.get(code)
    if pair is None:
        return code
    template = pair[1] if normalise_locale(locale) == "en" else pair[0]
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template
