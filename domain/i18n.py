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
    "INVALID_ID_NUMBER": ("证件号码格式不正确", "Invalid ID number"),
    "INVALID_CHOICE": ("取值无效，可选：{allowed}", "Invalid value; choose one of: {allowed}"),
    "INVALID_TAGS": ("标签最多 {limit} 个，每个不超过 30 字", "At most {limit} tags of up to 30 characters"),
    "INVALID_NUMBER": ("请输入数字", "Please enter a number"),
    "INVALID_DATE": ("日期格式应为 YYYY-MM-DD", "Dates must look like YYYY-MM-DD"),
    "DUPLICATE_CUSTOMER": ("疑似重复客户（{match}与现有客户 {existing} 相同）", "Possible duplicate: same {match} as existing customer {existing}"),
    "UNKNOWN_OWNER": ("负责人不存在或已停用", "The owner does not exist or is disabled"),
    "CLAIM_LIMIT_REACHED": ("今日领取已达上限（{limit} 个）", "Daily claim limit reached ({limit})"),
    "NOT_IN_POOL": ("该客户不在公海中", "This customer is not in the public pool"),
    "REASON_REQUIRED": ("请填写原因", "Please give a reason"),
    "MERGE_INVALID": ("合并对象无效：{detail}", "Cannot merge: {detail}"),
    "TOO_MANY_IDS": ("一次最多处理 {limit} 条", "At most {limit} records at a time"),
    "FILE_TOO_LARGE": ("文件过大（上限 {limit}）", "File is too large (limit {limit})"),
    "UNSUPPORTED_FILE": ("仅支持 CSV 或 XLSX 文件", "Only CSV or XLSX files are supported"),
    "UNREADABLE_FILE": ("无法读取文件：{detail}", "Cannot read the file: {detail}"),
    "MISSING_COLUMN": ("缺少必需的列：{column}", "Required column missing: {column}"),
    "TOO_MANY_ROWS": ("行数过多（上限 {limit} 行）", "Too many rows (limit {limit})"),
    "INVALID_QUANTITY": ("数量必须是正整数", "Quantity must be a positive whole number"),
    "INSUFFICIENT_STOCK": ("库存不足（可用 {available}）", "Not enough stock ({available} available)"),
    "INVALID_POLICY": ("权限规则无效：{detail}", "Invalid policy rule: {detail}"),
    "AUDIT_UNAVAILABLE": ("审计记录暂时无法写入，敏感数据未返回", "The audit trail cannot be written right now; sensitive data was withheld"),
    "AUDIT_RECORD_ALTERED": ("审计记录 #{seq} 已被篡改", "Audit record #{seq} was altered"),
    "AUDIT_RECORD_MISSING": ("审计记录 #{seq} 缺失（已被删除）", "Audit record #{seq} is missing (deleted)"),
    "AUDIT_LINK_BROKEN": ("审计记录 #{seq} 未链接到前一条记录", "Audit record #{seq} does not link to the record before it"),
    "AUDIT_CHAIN_TRUNCATED": ("审计链从 #{seq} 起被截断（检查点记录到 #{checkpoint}）", "The audit chain is cut off from #{seq} (a checkpoint vouches for records up to #{checkpoint})"),
    "AUDIT_CHECKPOINT_MISMATCH": ("审计记录 #{seq} 与检查点不一致", "Audit record #{seq} does not match its checkpoint"),
    "AUDIT_CHECKPOINT_FORGED": ("检查点文件第 {line} 行签名无效", "Line {line} of the checkpoint file has an invalid signature"),
    "FILE_NOT_TEXT": ("既不是文本文件，也不是 XLSX 工作簿", "it is neither a text file nor an XLSX workbook"),
    "FILE_BAD_ENCODING": ("无法识别字符编码，请另存为 UTF-8 或 GBK", "unknown character encoding; save it as UTF-8 or GBK"),
    "FILE_BAD_XLSX": ("XLSX 工作簿已损坏或受密码保护", "the XLSX workbook is damaged or password-protected"),
    "FILE_EMPTY": ("文件为空或没有表头行", "the file is empty or has no header row"),
    "RAGGED_ROW": ("该行有 {found} 列，表头有 {expected} 列", "This row has {found} cells but the header has {expected}"),
    "MALFORMED_ROW": ("该行不是有效的 CSV（请检查引号和分隔符）", "This row is not valid CSV (check quotes and separators)"),
    "INVALID_ENCODING": ("该行含有无法识别的字符，请将文件另存为 UTF-8 或 GBK", "This row has unreadable characters; save the file as UTF-8 or GBK"),
    "DUPLICATE_IN_FILE": ("与文件第 {row} 行重复（{match}相同）", "Same {match} as row {row} of the file"),
    "IMPORT_FAILED": ("导入中断，已导入的行保留，请稍后重试其余部分", "The import stopped; rows already imported are kept, please retry the rest later"),
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
